"""Whom a sender reaches: rules.md §7.3 turned into sets of ids, then into one SQL filter.

`compute_reach(ctx)` is pure Python over a `SenderContext`; `people_filter(reach)` and
`groups_filter(reach)` turn it into indexed semi-joins (`id IN (SELECT user_id FROM …)`), so
one query answers "may A write to B" or "whom may A write to", whatever the size of the school.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from preau.communication import catalogue as c
from preau.communication import reach_sql
from preau.communication.context import SenderContext
from preau.directory.audiences import live_holder_q
from preau.directory.models import (
    COMPUTED_KINDS,
    ClassMembership,
    Function,
    Group,
    GroupMembership,
    Profile,
)
from preau.directory.schoolyear import current_school_year

SCHOOL_WIDE = (
    Profile.ELEVE,
    Profile.RESPONSABLE,
    Profile.ENSEIGNANT,
    Profile.PERSONNEL,
    Profile.INVITE,
)


@dataclass
class Reach:
    user_id: int
    academies: set[int] = field(default_factory=set)
    class_profiles: set[tuple[int, str]] = field(default_factory=set)  # (class, profile)
    school_profiles: set[tuple[int, str]] = field(default_factory=set)  # (school, profile)
    director_schools: set[int] = field(default_factory=set)
    circonscription_directors: set[int] = field(default_factory=set)
    rpi_directors: set[int] = field(default_factory=set)
    collectivite_directors: set[int] = field(default_factory=set)
    circonscription_teachers: set[int] = field(default_factory=set)
    inspection: set[int] = field(default_factory=set)  # circonscriptions
    representatives: set[int] = field(default_factory=set)  # collectivités
    users: set[int] = field(default_factory=set)

    def school(self, school_id: int, *profiles: str) -> None:
        self.school_profiles.update((school_id, p) for p in profiles)

    def klass(self, class_id: int, *profiles: str) -> None:
        self.class_profiles.update((class_id, p) for p in profiles)


def compute_reach(ctx: SenderContext) -> Reach:
    reach = Reach(user_id=ctx.user_id, academies=set(ctx.academies))
    if ctx.has_profile(Profile.ELEVE):
        _pupil(ctx, reach)
    if ctx.child_ids:
        _parent(ctx, reach)
    _teacher(ctx, reach)
    _director(ctx, reach)
    _personnel_and_guests(ctx, reach)
    for circonscription_id in ctx.inspection_circonscriptions:
        reach.circonscription_teachers.add(circonscription_id)
        reach.circonscription_directors.add(circonscription_id)
        reach.inspection.add(circonscription_id)
    _representative(ctx, reach)
    return reach


def _pupil(ctx: SenderContext, reach: Reach) -> None:
    if ctx.is_cycle_1_pupil:
        return
    reach.users |= ctx.parent_ids
    for class_id, role, school_id in ctx.own_classes:
        if role != ClassMembership.Role.ELEVE:
            continue
        reach.klass(class_id, Profile.ELEVE, Profile.ENSEIGNANT, Profile.PERSONNEL)
        if ctx.enabled(c.PUPILS_TO_DIRECTOR, school_id, class_id):
            reach.director_schools.add(school_id)
        if ctx.enabled(c.PARENTS_TO_PUPILS, school_id, class_id):
            reach.klass(class_id, Profile.RESPONSABLE)


def _parent(ctx: SenderContext, reach: Reach) -> None:
    reach.users |= ctx.child_ids
    for class_id, school_id in ctx.children_classes:
        reach.klass(class_id, Profile.ENSEIGNANT)
        reach.director_schools.add(school_id)
        for code, profile in (
            (c.PARENTS_TO_PARENTS, Profile.RESPONSABLE),
            (c.PARENTS_TO_PUPILS, Profile.ELEVE),
            (c.PARENTS_TO_PERSONNEL, Profile.PERSONNEL),
        ):
            if ctx.enabled(code, school_id, class_id):
                reach.klass(class_id, profile)


def _teacher(ctx: SenderContext, reach: Reach) -> None:
    for school_id in ctx.schools_with(Profile.ENSEIGNANT):
        place = ctx.schools[school_id]
        reach.school(school_id, Profile.ELEVE, Profile.ENSEIGNANT, Profile.PERSONNEL)
        reach.school(school_id, Profile.INVITE)
        reach.director_schools.add(school_id)
        reach.inspection.add(place.circonscription_id)
        if ctx.enabled(c.TEACHERS_OWN_PARENTS_ONLY, school_id):
            for class_id, role, class_school in ctx.own_classes:
                if class_school == school_id and role == ClassMembership.Role.ENSEIGNANT:
                    reach.klass(class_id, Profile.RESPONSABLE)
        else:
            reach.school(school_id, Profile.RESPONSABLE)
        if ctx.enabled(c.COLLECTIVITE_TO_TEACHERS, school_id):
            reach.representatives.add(place.collectivite_id)


def _director(ctx: SenderContext, reach: Reach) -> None:
    for school_id in ctx.schools_with_function(Function.DIRECTEUR, Function.ADMIN_LOCAL):
        reach.school(school_id, *SCHOOL_WIDE)
        reach.director_schools.add(school_id)
    for school_id in ctx.schools_with_function(Function.DIRECTEUR):
        place = ctx.schools[school_id]
        reach.inspection.add(place.circonscription_id)
        reach.representatives.add(place.collectivite_id)
        if ctx.enabled(c.DIRECTORS_TO_DIRECTORS, school_id):
            reach.circonscription_directors.add(place.circonscription_id)
            if place.rpi_id is not None:
                reach.rpi_directors.add(place.rpi_id)


def _personnel_and_guests(ctx: SenderContext, reach: Reach) -> None:
    for school_id in ctx.schools_with(Profile.PERSONNEL):
        reach.school(school_id, Profile.ENSEIGNANT, Profile.PERSONNEL)
        reach.director_schools.add(school_id)
    for class_id, role, school_id in ctx.own_classes:
        if role != ClassMembership.Role.PERSONNEL:
            continue
        if ctx.enabled(c.PARENTS_TO_PERSONNEL, school_id, class_id):
            reach.klass(class_id, Profile.RESPONSABLE)
        if ctx.enabled(c.PERSONNEL_TO_PUPILS, school_id, class_id):
            reach.klass(class_id, Profile.ELEVE)
    for school_id in ctx.schools_with(Profile.INVITE):
        reach.school(school_id, Profile.ENSEIGNANT)
        reach.director_schools.add(school_id)
        if ctx.enabled(c.GUESTS_TO_FAMILIES, school_id):
            reach.school(school_id, Profile.ELEVE, Profile.RESPONSABLE)


def _representative(ctx: SenderContext, reach: Reach) -> None:
    for collectivite_id in ctx.collectivites:
        reach.collectivite_directors.add(collectivite_id)
        reach.representatives.add(collectivite_id)
    for (school_id, class_id, code), enabled in ctx.rules.items():
        if (
            code == c.COLLECTIVITE_TO_TEACHERS
            and enabled
            and class_id is None
            and ctx.rule_collectivites.get(school_id) in ctx.collectivites
        ):
            reach.school(school_id, Profile.ENSEIGNANT)


# --- SQL (the branches are written in reach_sql.py) ------------------------------------------


def is_cycle_1_pupil(user_ref: str) -> Exists:
    """Correlated test (indexed on the membership's user): a TPS–GS pupil this year."""
    return Exists(
        ClassMembership.objects.filter(
            user_id=OuterRef(user_ref),
            role=ClassMembership.Role.ELEVE,
            ended_at__isnull=True,
            level__in=c.CYCLE_1_LEVELS,
            school_class__school_year=current_school_year(),
        )
    )


def people_filter(reach: Reach) -> Q | None:
    """A filter on users: reached by `reach`. None when nobody is.

    One `pk IN (… UNION ALL …)`, one branch per condition, rather than an OR of `IN` subqueries
    (PostgreSQL hashes the small set of reachable ids and looks users up by key: 205 ms → a few ms
    for a parent, bench S6), written as SQL (`reach_sql.people_ids`, ADR 0049)."""
    ids = reach_sql.people_ids(reach)
    if not ids.parts:
        return None
    return Q(pk__in=RawSQL(ids.joined(" UNION ALL "), ids.params))  # noqa: S611 (parameters)


def reachable_people(reach: Reach) -> QuerySet:
    who = people_filter(reach)
    User = get_user_model()
    if who is None:
        return User.objects.none()
    return (
        User.objects.filter(who, is_active=True, blocked_at__isnull=True)
        .exclude(pk=reach.user_id)
        .exclude(is_cycle_1_pupil("pk"))
    )


def groups_filter(reach: Reach) -> Q:
    """Groups the sender may write to as such (broadcast)."""
    ids = reach_sql.group_ids(reach, current_school_year())
    return Q(pk__in=RawSQL(ids.joined(" UNION ALL "), ids.params))  # noqa: S611 (parameters)


def reachable_groups(reach: Reach) -> QuerySet[Group]:
    """Broadcast groups with at least one member who may receive messages.

    Stored groups are tested on their memberships; computed (wide) groups on the profile
    holders of their schools (`directory.audiences`, ADR 0047), both as correlated EXISTS."""
    live_members = GroupMembership.objects.filter(
        group_id=OuterRef("pk"), user__is_active=True, user__blocked_at__isnull=True
    ).exclude(is_cycle_1_pupil("user_id"))
    stored = ~Q(kind__in=COMPUTED_KINDS) & Q(Exists(live_members))
    return Group.objects.filter(groups_filter(reach)).filter(stored | live_holder_q())
