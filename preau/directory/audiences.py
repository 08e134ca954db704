"""Members of the computed (wide) groups, resolved from the directory by one set-based query.

A wide group ("Parents de l'académie de Nantes", "Parents des écoles – Circonscription de
Nantes Nord", "Parents des écoles – Commune de Rezé") stores no `GroupMembership`: its members
are the people holding its `profile` in a school of its scope, read from
`directory_profileassignment` (index `profile_holders`) joined to the schools of that scope.
The school-level profile groups are built from the very same rows (`refresh_derived_groups`),
so a wide group is always exactly the union of its schools' groups, after every import,
pre-deletion or rollover, with nothing to keep in step (ADR 0047).

- `WIDE_GROUPS`: which wide groups each structure has (kind, profiles, names);
- `holders(groups)`: a `ProfileAssignment` queryset (one row per person *and school*: select
  `user_id` distinct) for the fan-out and the counts;
- `live_holder_q()`: "has at least one member who may receive", for the communication rules'
  group lists (empty groups never appear), as a correlated EXISTS per group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from preau.directory.models import (
    Academie,
    Circonscription,
    Collectivite,
    Group,
    Profile,
    ProfileAssignment,
    School,
)


@dataclass(frozen=True)
class WideKind:
    kind: str
    scope: str  # the Group field naming the structure
    school_path: str  # from School to that structure's id
    profiles: tuple[str, ...]
    names: dict[str, str]  # profile → name template, {name} is the structure's name


WIDE_GROUPS: dict[str, WideKind] = {
    k.kind: k
    for k in (
        WideKind(
            Group.Kind.ACADEMIE_PROFILE,
            "academie",
            "circonscription__departement__academie_id",
            (Profile.RESPONSABLE, Profile.ENSEIGNANT),
            {
                Profile.RESPONSABLE: "Parents de l'académie de {name}",
                Profile.ENSEIGNANT: "Enseignants de l'académie de {name}",
            },
        ),
        WideKind(
            Group.Kind.CIRCONSCRIPTION_PROFILE,
            "circonscription",
            "circonscription_id",
            (Profile.RESPONSABLE,),
            {Profile.RESPONSABLE: "Parents des écoles – {name}"},
        ),
        WideKind(
            Group.Kind.COLLECTIVITE_PROFILE,
            "collectivite",
            "collectivite_id",
            (Profile.RESPONSABLE,),
            {Profile.RESPONSABLE: "Parents des écoles – {name}"},
        ),
    )
}
KIND_OF_STRUCTURE = {
    Academie: Group.Kind.ACADEMIE_PROFILE,
    Circonscription: Group.Kind.CIRCONSCRIPTION_PROFILE,
    Collectivite: Group.Kind.COLLECTIVITE_PROFILE,
}


def scope_id(group: Group) -> int:
    value = getattr(group, f"{WIDE_GROUPS[group.kind].scope}_id")
    assert value is not None, "a wide group always has its structure"
    return int(value)


def schools_of(group: Group) -> QuerySet[School]:
    wide = WIDE_GROUPS[group.kind]
    return School.objects.filter(**{wide.school_path: scope_id(group)})


def holders(groups: Iterable[Group]) -> QuerySet[ProfileAssignment]:
    """Profile rows of every member of the wide `groups` (none when `groups` is empty)."""
    conditions = [
        Q(profile=g.profile, school_id__in=schools_of(g).values("pk").order_by()) for g in groups
    ]
    if not conditions:
        return ProfileAssignment.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return ProfileAssignment.objects.filter(combined)


def holder_ids(groups: Iterable[Group]) -> QuerySet[ProfileAssignment, Any]:
    """The distinct people of the wide `groups`, as a one-column (`user_id`) queryset."""
    return holders(groups).values("user_id").order_by().distinct()


def live_holder_q() -> Q:
    """On Group querysets: a wide group with at least one active, unblocked member."""
    conditions = Q()
    for wide in WIDE_GROUPS.values():
        someone = ProfileAssignment.objects.filter(
            profile=OuterRef("profile"),
            user__is_active=True,
            user__blocked_at__isnull=True,
            **{f"school__{wide.school_path}": OuterRef(f"{wide.scope}_id")},
        )
        conditions |= Q(kind=wide.kind) & Q(Exists(someone))
    return conditions
