"""Groups derived from the structure, kept in step by the services (domain.md §7).

`refresh_derived_groups(school)` computes the wanted groups and members of a school, of its
current-year classes, of its circonscription, collectivité and RPI, and applies set differences.
It runs inside the caller's transaction and costs a constant number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from preau.core import bulkinsert, bulkupdate
from preau.core.locks import LockKind, lock_names
from preau.core.sql import id_list
from preau.directory.models import (
    ClassMembership,
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
from preau.directory.schoolyear import current_school_year

SCHOOL_GROUP_LABELS = {
    Profile.ELEVE: "Élèves",
    Profile.RESPONSABLE: "Parents",
    Profile.ENSEIGNANT: "Enseignants",
    Profile.PERSONNEL: "Personnels",
    Profile.INVITE: "Invités",
}
ROLE_PROFILE = {
    ClassMembership.Role.ELEVE: Profile.ELEVE,
    ClassMembership.Role.ENSEIGNANT: Profile.ENSEIGNANT,
    ClassMembership.Role.PERSONNEL: Profile.PERSONNEL,
}


def class_group_name(class_name: str, profile: str) -> str:
    if profile == Profile.RESPONSABLE:
        return f"Parents de {class_name}"
    return f"{class_name} – {SCHOOL_GROUP_LABELS[Profile(profile)]}"


@dataclass(frozen=True)
class GroupKey:
    kind: str
    profile: str = ""
    school_id: int | None = None
    school_class_id: int | None = None
    circonscription_id: int | None = None
    collectivite_id: int | None = None
    rpi_id: int | None = None


def _key_of(group: Group) -> GroupKey:
    return GroupKey(
        group.kind,
        group.profile,
        group.school_id,
        group.school_class_id,
        group.circonscription_id,
        group.collectivite_id,
        group.rpi_id,
    )


def refresh_derived_groups(school: School) -> dict[str, int]:
    """Bring the school's derived groups and memberships in step; returns what changed.

    Always called inside a service's or an import's transaction: its block takes no savepoint
    (ADR 0053), and an error here rolls back the caller's whole write. The groups shared with
    other schools are locked before they are read (ADR 0066): a concurrent import of a school of
    the same circonscription waits, then counts this one's teachers."""
    with transaction.atomic(savepoint=False):
        lock_names(LockKind.CROSS_SCHOOL_GROUP, _shared_with_other_schools(school))
        wanted = _wanted_groups(school)
        groups = _ensure_groups(school, wanted)
        return _sync_memberships(groups, wanted)


def _shared_with_other_schools(school: School) -> list[str]:
    shared = [
        f"circonscription:{school.circonscription_id}",
        f"collectivite:{school.collectivite_id}",
    ]
    return shared + ([f"rpi:{school.rpi_id}"] if school.rpi_id is not None else [])


def _wanted_groups(school: School) -> dict[GroupKey, tuple[str, set[int]]]:
    wanted: dict[GroupKey, tuple[str, set[int]]] = {}
    by_profile: dict[str, set[int]] = defaultdict(set)
    for user_id, profile in ProfileAssignment.objects.filter(school=school).values_list(
        "user_id", "profile"
    ):
        by_profile[profile].add(user_id)
    for profile, label in SCHOOL_GROUP_LABELS.items():
        key = GroupKey(Group.Kind.SCHOOL_PROFILE, profile, school_id=school.pk)
        wanted[key] = (f"{school.name} – {label}", by_profile.get(profile, set()))
    wanted.update(_wanted_class_groups(school))
    wanted.update(_wanted_cross_school_groups(school))
    return wanted


def _wanted_class_groups(school: School) -> dict[GroupKey, tuple[str, set[int]]]:
    classes = {
        c.pk: c.name
        for c in SchoolClass.objects.filter(
            school=school, school_year=current_school_year(), archived_at__isnull=True
        ).only("id", "name")
    }
    members: dict[tuple[int, str], set[int]] = defaultdict(set)
    pupil_class: dict[int, set[int]] = defaultdict(set)
    for class_id, user_id, role in ClassMembership.objects.filter(
        school_class_id__in=classes, ended_at__isnull=True
    ).values_list("school_class_id", "user_id", "role"):
        members[(class_id, ROLE_PROFILE[ClassMembership.Role(role)])].add(user_id)
        if role == ClassMembership.Role.ELEVE:
            pupil_class[user_id].add(class_id)
    for child_id, parent_id in ParentLink.objects.filter(
        child_id__in=id_list(pupil_class), parental_authority=True
    ).values_list("child_id", "parent_id"):
        for class_id in pupil_class[child_id]:
            members[(class_id, Profile.RESPONSABLE)].add(parent_id)
    wanted = {}
    for class_id, name in classes.items():
        for profile in (Profile.ELEVE, Profile.RESPONSABLE, Profile.ENSEIGNANT, Profile.PERSONNEL):
            key = GroupKey(
                Group.Kind.CLASS_PROFILE, profile, school_id=school.pk, school_class_id=class_id
            )
            wanted[key] = (class_group_name(name, profile), members.get((class_id, profile), set()))
    return wanted


def _wanted_cross_school_groups(school: School) -> dict[GroupKey, tuple[str, set[int]]]:
    teachers = ProfileAssignment.objects.filter(profile=Profile.ENSEIGNANT)
    circonscription = school.circonscription
    wanted = {
        GroupKey(
            Group.Kind.CIRCONSCRIPTION_TEACHERS,
            Profile.ENSEIGNANT,
            circonscription_id=circonscription.pk,
        ): (
            f"Enseignants – {circonscription.name}",
            set(
                teachers.filter(school__circonscription=circonscription).values_list(
                    "user_id", flat=True
                )
            ),
        )
    }
    collectivite = school.collectivite
    directors = FunctionAssignment.objects.filter(
        function=Function.DIRECTEUR, school__collectivite=collectivite
    ).values_list("user_id", flat=True)
    wanted[GroupKey(Group.Kind.COLLECTIVITE_DIRECTORS, collectivite_id=collectivite.pk)] = (
        f"Directeurs d'école – {collectivite.name}",
        set(directors),
    )
    if school.rpi_id is not None:
        rpi = school.rpi
        assert rpi is not None
        rpi_teachers = teachers.filter(school__rpi=rpi).values_list("user_id", flat=True)
        wanted[GroupKey(Group.Kind.RPI_TEACHERS, Profile.ENSEIGNANT, rpi_id=rpi.pk)] = (
            f"Enseignants – {rpi.name}",
            set(rpi_teachers),
        )
    return wanted


def _ensure_groups(
    school: School, wanted: dict[GroupKey, tuple[str, set[int]]]
) -> dict[GroupKey, Group]:
    existing = Group.objects.filter(school=school).exclude(kind=Group.Kind.MANUAL)
    found = {_key_of(g): g for g in existing}
    found.update(_cross_school_groups([k for k in wanted if k.school_id is None]))
    missing = [
        Group(
            kind=key.kind,
            profile=key.profile,
            name=wanted[key][0],
            school_id=key.school_id,
            school_class_id=key.school_class_id,
            circonscription_id=key.circonscription_id,
            collectivite_id=key.collectivite_id,
            rpi_id=key.rpi_id,
        )
        for key in wanted
        if key not in found
    ]
    if missing:
        Group.objects.bulk_create(missing)  # ids come back on PostgreSQL and SQLite ≥ 3.35
        found.update({_key_of(group): group for group in missing})
    renamed = [g for k, g in found.items() if k in wanted and g.name != wanted[k][0]]
    for group in renamed:
        group.name = wanted[_key_of(group)][0]
    if renamed:
        bulkupdate.update(Group, renamed, ["name"])
    return {key: found[key] for key in wanted}


def _cross_school_groups(keys: list[GroupKey]) -> dict[GroupKey, Group]:
    """The existing groups of these cross-school keys, in one query (the first by name when a
    key has several)."""
    if not keys:
        return {}
    either = Q()
    for key in keys:
        either |= Q(
            kind=key.kind,
            profile=key.profile,
            circonscription_id=key.circonscription_id,
            collectivite_id=key.collectivite_id,
            rpi_id=key.rpi_id,
        )
    found: dict[GroupKey, Group] = {}
    candidates = Group.objects.filter(either, school__isnull=True, school_class__isnull=True)
    for group in candidates.order_by("name", "id"):
        found.setdefault(_key_of(group), group)
    return {key: found[key] for key in keys if key in found}


def _sync_memberships(
    groups: dict[GroupKey, Group], wanted: dict[GroupKey, tuple[str, set[int]]]
) -> dict[str, int]:
    group_ids = [g.pk for g in groups.values()]
    current: dict[int, dict[int, int]] = defaultdict(dict)  # group → member → membership id
    memberships = GroupMembership.objects.filter(group_id__in=group_ids).order_by()
    for pk, group_id, user_id in memberships.values_list("id", "group_id", "user_id"):
        current[group_id][user_id] = pk
    to_add: list[tuple[int, int]] = []
    to_remove: list[int] = []
    for key, group in groups.items():
        want = wanted[key][1]
        have = current.get(group.pk, {})
        to_add.extend((group.pk, uid) for uid in sorted(want - have.keys()))
        to_remove.extend(pk for uid, pk in have.items() if uid not in want)
    bulkinsert.insert_values(GroupMembership, ["group_id", "user_id"], to_add)
    removed = 0
    if to_remove:  # one statement for every group losing members
        removed = GroupMembership.objects.filter(pk__in=id_list(to_remove)).delete()[0]
    return {"added": len(to_add), "removed": removed}
