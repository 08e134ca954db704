"""A `Reach` as SQL (ADR 0049): the ids of the people, and of the groups, a sender reaches.

Written as SQL rather than built with the ORM: the dozen semi-joins of a school-wide reach cost
several milliseconds to build and compile through querysets, more than PostgreSQL needs to run
them (bench S6). Every value is a parameter; every branch filters on an indexed column. Pairs of
(place, profile) sharing the same places become one branch `place IN (…) AND profile IN (…)`,
so a teacher's school is one branch, not five.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model

from preau.core.sql import table_names
from preau.directory.audiences import live_holder_q
from preau.directory.models import (
    COMPUTED_KINDS,
    CYCLE_1_LEVELS,
    Circonscription,
    ClassMembership,
    Collectivite,
    Departement,
    Function,
    FunctionAssignment,
    Group,
    GroupMembership,
    ParentLink,
    Profile,
    ProfileAssignment,
    School,
    SchoolClass,
)

ROLE_OF = {
    Profile.ELEVE: ClassMembership.Role.ELEVE,
    Profile.ENSEIGNANT: ClassMembership.Role.ENSEIGNANT,
    Profile.PERSONNEL: ClassMembership.Role.PERSONNEL,
}


@dataclass
class Sql:
    """SQL fragments and their parameters, in order."""

    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def joined(self, glue: str) -> str:
        return glue.join(self.parts)


def placeholders(values: Iterable[Any]) -> str:
    return ", ".join("%s" for _ in values)


def blocks(pairs: set[tuple[int, str]]) -> list[tuple[list[int], list[str]]]:
    """(place, profile) pairs as rectangles: profiles sharing the very same places, together."""
    places: dict[str, set[int]] = defaultdict(set)
    for place, profile in pairs:
        places[profile].add(place)
    by_places: dict[tuple[int, ...], list[str]] = defaultdict(list)
    for profile, ids in sorted(places.items()):
        by_places[tuple(sorted(ids))].append(profile)
    return [(list(ids), profiles) for ids, profiles in sorted(by_places.items())]


@cache
def tables() -> dict[str, str]:
    return table_names(
        Circonscription,
        ClassMembership,
        Collectivite,
        Departement,
        FunctionAssignment,
        Group,
        ParentLink,
        GroupMembership,
        ProfileAssignment,
        School,
        SchoolClass,
        get_user_model(),
    )


def people_ids(reach: Any) -> Sql:
    """One `SELECT user_id` branch per condition (UNION ALL them); no branch: nobody."""
    t = tables()
    out = Sql()
    _class_members(reach, t, out)
    _profile_holders(reach, t, out)
    _directors(reach, t, out)
    if reach.users:
        out.add(
            f"SELECT id FROM {t['User']} WHERE id IN ({placeholders(reach.users)})",  # noqa: S608
            *sorted(reach.users),
        )
    return out


def _class_members(reach: Any, t: dict[str, str], out: Sql) -> None:
    current = f"SELECT m.user_id FROM {t['ClassMembership']} m WHERE m.ended_at IS NULL"  # noqa: S608
    roles = {(c, ROLE_OF[Profile(p)].value) for c, p in reach.class_profiles if p in ROLE_OF}
    for classes, role_list in blocks(roles):
        out.add(
            f"{current} AND m.school_class_id IN ({placeholders(classes)})"
            f" AND m.role IN ({placeholders(role_list)})",
            *classes,
            *role_list,
        )
    parents_of = sorted(c for c, p in reach.class_profiles if p == Profile.RESPONSABLE)
    if parents_of:
        out.add(
            f"SELECT pl.parent_id FROM {t['ParentLink']} pl"  # noqa: S608
            f" JOIN {t['ClassMembership']} m ON m.user_id = pl.child_id"
            f" WHERE pl.parental_authority = %s AND m.ended_at IS NULL AND m.role = %s"
            f" AND m.school_class_id IN ({placeholders(parents_of)})",
            True,
            ClassMembership.Role.ELEVE,
            *parents_of,
        )


def _profile_holders(reach: Any, t: dict[str, str], out: Sql) -> None:
    pa = f"SELECT pa.user_id FROM {t['ProfileAssignment']} pa"  # noqa: S608
    for schools, profiles in blocks(reach.school_profiles):
        out.add(
            f"{pa} WHERE pa.school_id IN ({placeholders(schools)})"
            f" AND pa.profile IN ({placeholders(profiles)})",
            *schools,
            *profiles,
        )
    if reach.circonscription_teachers:
        ids = sorted(reach.circonscription_teachers)
        out.add(
            f"{pa} JOIN {t['School']} s ON s.id = pa.school_id"
            f" WHERE pa.profile = %s AND s.circonscription_id IN ({placeholders(ids)})",
            Profile.ENSEIGNANT,
            *ids,
        )
    for column, profile, ids in (
        ("circonscription_id", Profile.INSPECTION, reach.inspection),
        ("collectivite_id", Profile.COLLECTIVITE, reach.representatives),
    ):
        if ids:
            out.add(
                f"{pa} WHERE pa.profile = %s AND pa.{column} IN ({placeholders(ids)})",
                profile,
                *sorted(ids),
            )
    _in_academies(pa, "pa", sorted(reach.academies), t, out)


def _in_academies(select: str, alias: str, ids: list[int], t: dict[str, str], out: Sql) -> None:
    """Rows (profiles or groups) placed by school, circonscription or collectivité in `ids`."""
    if not ids:
        return
    within = f"d.academie_id IN ({placeholders(ids)})"
    in_school = f"JOIN {t['School']} s ON s.id = {alias}.school_id {_dep(t, 's')}"
    out.add(f"{select} {in_school} WHERE {within}", *ids)
    out.add(f"{select} {_dep(t, alias)} WHERE {within}", *ids)
    out.add(
        f"{select} JOIN {t['Collectivite']} co ON co.id = {alias}.collectivite_id"
        f" WHERE co.academie_id IN ({placeholders(ids)})",
        *ids,
    )


def _dep(t: dict[str, str], holder: str) -> str:
    """Joins from `holder`'s circonscription to its département (`d`)."""
    return (
        f"JOIN {t['Circonscription']} ci ON ci.id = {holder}.circonscription_id"
        f" JOIN {t['Departement']} d ON d.id = ci.departement_id"
    )


def _directors(reach: Any, t: dict[str, str], out: Sql) -> None:
    fa = f"SELECT fa.user_id FROM {t['FunctionAssignment']} fa"  # noqa: S608
    if reach.director_schools:
        ids = sorted(reach.director_schools)
        out.add(
            f"{fa} WHERE fa.function = %s AND fa.school_id IN ({placeholders(ids)})",
            Function.DIRECTEUR,
            *ids,
        )
    for column, ids in (
        ("circonscription_id", reach.circonscription_directors),
        ("rpi_id", reach.rpi_directors),
        ("collectivite_id", reach.collectivite_directors),
    ):
        if ids:
            out.add(
                f"{fa} JOIN {t['School']} s ON s.id = fa.school_id"
                f" WHERE fa.function = %s AND s.{column} IN ({placeholders(ids)})",
                Function.DIRECTEUR,
                *sorted(ids),
            )
    if reach.academies:
        ids = sorted(reach.academies)
        out.add(
            f"{fa} JOIN {t['School']} s ON s.id = fa.school_id {_dep(t, 's')}"
            f" WHERE d.academie_id IN ({placeholders(ids)})",
            *ids,
        )
        out.add(f"{fa} WHERE fa.academie_id IN ({placeholders(ids)})", *ids)


def group_ids(reach: Any, year: int) -> Sql:
    """The groups the sender may write to as such (broadcast): one branch per condition."""
    t = tables()
    g = f"SELECT g.id FROM {t['Group']} g"  # noqa: S608
    out = Sql()
    for classes, profiles in blocks(reach.class_profiles):
        out.add(
            f"{g} WHERE g.kind = %s AND g.school_class_id IN ({placeholders(classes)})"
            f" AND g.profile IN ({placeholders(profiles)})",
            Group.Kind.CLASS_PROFILE,
            *classes,
            *profiles,
        )
    for schools, profiles in blocks(reach.school_profiles):
        where = (
            f"g.school_id IN ({placeholders(schools)}) AND g.profile IN ({placeholders(profiles)})"
        )
        kind = Group.Kind.SCHOOL_PROFILE
        out.add(f"{g} WHERE g.kind = %s AND {where}", kind, *schools, *profiles)
        out.add(
            f"{g} JOIN {t['SchoolClass']} c ON c.id = g.school_class_id"
            f" WHERE g.kind = %s AND {where} AND c.school_year = %s",
            Group.Kind.CLASS_PROFILE,
            *schools,
            *profiles,
            year,
        )
    for kind, column, ids in (
        (Group.Kind.CIRCONSCRIPTION_TEACHERS, "circonscription_id", reach.circonscription_teachers),
        (Group.Kind.COLLECTIVITE_DIRECTORS, "collectivite_id", reach.collectivite_directors),
    ):
        if ids:
            out.add(
                f"{g} WHERE g.kind = %s AND g.{column} IN ({placeholders(ids)})",
                kind,
                *sorted(ids),
            )
    _in_academies(g, "g", sorted(reach.academies), t, out)
    if reach.academies:
        # The académie's own wide groups ("Parents de l'académie", ADR 0048); its
        # circonscriptions' and collectivités' wide groups are placed by `_in_academies`.
        ids = sorted(reach.academies)
        out.add(f"{g} WHERE g.academie_id IN ({placeholders(ids)})", *ids)
    out.add(f"{g} WHERE g.kind = %s AND g.owner_id = %s", Group.Kind.MANUAL, reach.user_id)
    return out


def cycle_1_pupil(user_column: str, year: int) -> Sql:
    """`EXISTS`: the person in `user_column` is a TPS–GS pupil this year (no messaging); the
    SQL twin of `reach.is_cycle_1_pupil`, answered by the partial index of those memberships."""
    t = tables()
    levels = list(CYCLE_1_LEVELS)
    out = Sql()
    out.add(
        f"EXISTS (SELECT 1 FROM {t['ClassMembership']} m"  # noqa: S608
        f" JOIN {t['SchoolClass']} c ON c.id = m.school_class_id"
        f" WHERE m.user_id = {user_column} AND m.role = %s AND m.ended_at IS NULL"
        f" AND m.level IN ({placeholders(levels)}) AND c.school_year = %s)",
        ClassMembership.Role.ELEVE,
        *levels,
        year,
    )
    return out


def may_receive(user_alias: str, year: int) -> Sql:
    """The person `user_alias` may receive messages: active, not blocked, not in cycle 1."""
    no_messaging = cycle_1_pupil(f"{user_alias}.id", year)
    out = Sql()
    out.add(
        f"{user_alias}.is_active = %s AND {user_alias}.blocked_at IS NULL"
        f" AND NOT {no_messaging.joined('')}",
        True,
        *no_messaging.params,
    )
    return out


def group_may_receive(group_alias: str, year: int) -> Sql:
    """The group `group_alias` has a member who may receive (the SQL twin of
    `reach.reachable_groups`' condition): empty groups are never offered nor written to.

    A member who may receive, as a scalar subquery: a per-group probe. Written `EXISTS`,
    PostgreSQL turns it into a join and hashes every membership of the académie (3 s). Wide
    groups store no members: their holders are probed instead (ADR 0047), and only for them
    (the CASE keeps every other sender's plan as it was)."""
    t = tables()
    live = may_receive("u", year)
    computed = sorted(COMPUTED_KINDS)
    wide_sql, wide_params = _live_wide_groups()
    out = Sql()
    out.add(
        f"CASE WHEN {group_alias}.kind IN ({placeholders(computed)})"  # noqa: S608
        f" THEN {group_alias}.id IN ({wide_sql})"
        f" ELSE (SELECT gm.user_id FROM {t['GroupMembership']} gm"
        f" JOIN {t['User']} u ON u.id = gm.user_id"
        f" WHERE gm.group_id = {group_alias}.id AND {live.joined('')} LIMIT 1) IS NOT NULL END",
        *computed,
        *wide_params,
        *live.params,
    )
    return out


@cache
def _live_wide_groups() -> tuple[str, tuple[Any, ...]]:
    """`SELECT id` of the wide groups with a member who may receive (`audiences.live_holder_q`),
    compiled once: it takes no value from the sender."""
    computed = sorted(COMPUTED_KINDS)
    wide = Group.objects.filter(kind__in=computed).filter(live_holder_q()).values("pk")
    sql, params = wide.query.sql_with_params()
    return sql, tuple(params)
