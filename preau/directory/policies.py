"""Who may view or manage schools, classes and people (domain.md §5, §8).

`get_abilities(user, obj)` answers for one object; `visible_to(user, model)` gives a queryset.
Operators (`is_superuser`) may do everything. A person's scope costs 4 queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet

from preau.directory.models import (
    Academie,
    Circonscription,
    ClassMembership,
    Collectivite,
    Departement,
    Function,
    FunctionAssignment,
    ParentLink,
    Profile,
    ProfileAssignment,
    Rpi,
    School,
    SchoolClass,
)

STAFF_PROFILES = frozenset({Profile.ENSEIGNANT.value, Profile.PERSONNEL.value})
SCHOOL_ACTIONS = ("view", "view_counts", "view_members", "manage")
CLASS_ACTIONS = ("view", "view_members", "manage")
USER_ACTIONS = ("view", "manage")
STRUCTURE_ACTIONS = ("view", "manage")


@dataclass(frozen=True)
class Scope:
    """Where a person stands: everything the policies need, read once."""

    user_id: int | None
    is_operator: bool = False
    academie_ids: frozenset[int] = frozenset()
    departement_ids: frozenset[int] = frozenset()  # académie admins limited to one département
    managed_school_ids: frozenset[int] = frozenset()  # directeur, admin_local
    collectivite_admin_ids: frozenset[int] = frozenset()
    collectivite_rep_ids: frozenset[int] = frozenset()
    circonscription_ids: frozenset[int] = frozenset()  # inspection
    school_profiles: tuple[tuple[int, str], ...] = ()
    taught_class_ids: frozenset[int] = frozenset()
    member_class_ids: frozenset[int] = frozenset()
    child_ids: frozenset[int] = frozenset()
    children_class_ids: frozenset[int] = frozenset()

    def profiles_in(self, school_id: int) -> set[str]:
        return {profile for sid, profile in self.school_profiles if sid == school_id}

    @property
    def staff_school_ids(self) -> set[int]:
        return {sid for sid, profile in self.school_profiles if profile in STAFF_PROFILES}

    @property
    def is_academic(self) -> bool:
        return bool(self.academie_ids or self.departement_ids)


ANONYMOUS = Scope(user_id=None)


def get_scope(user: Any) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    if user.is_superuser:
        return Scope(user_id=user.pk, is_operator=True)
    profiles = list(
        ProfileAssignment.objects.filter(user=user).values_list(
            "profile", "school_id", "circonscription_id", "collectivite_id"
        )
    )
    functions = list(
        FunctionAssignment.objects.filter(user=user).values_list(
            "function", "school_id", "collectivite_id", "departement_id", "academie_id"
        )
    )
    child_ids = frozenset(
        ParentLink.objects.filter(parent=user, parental_authority=True).values_list(
            "child_id", flat=True
        )
    )
    memberships = list(
        ClassMembership.objects.filter(
            Q(user=user) | Q(user_id__in=list(child_ids), role=ClassMembership.Role.ELEVE),
            ended_at__isnull=True,
            school_class__archived_at__isnull=True,
        ).values_list("user_id", "school_class_id", "role")
    )
    return _build_scope(user.pk, profiles, functions, child_ids, memberships)


def _build_scope(
    user_id: int,
    profiles: Sequence[tuple[Any, ...]],
    functions: Sequence[tuple[Any, ...]],
    child_ids: frozenset[int],
    memberships: list[tuple[int, int, str]],
) -> Scope:
    def fn(code: str, index: int) -> frozenset[int]:
        return frozenset(
            row[index] for row in functions if row[0] == code and row[index] is not None
        )

    academic = [row for row in functions if row[0] == Function.ADMIN_ACADEMIQUE]
    own = [(class_id, role) for uid, class_id, role in memberships if uid == user_id]
    return Scope(
        user_id=user_id,
        academie_ids=frozenset(r[4] for r in academic if r[3] is None and r[4] is not None),
        departement_ids=frozenset(r[3] for r in academic if r[3] is not None),
        managed_school_ids=fn(Function.DIRECTEUR, 1) | fn(Function.ADMIN_LOCAL, 1),
        collectivite_admin_ids=fn(Function.ADMIN_COLLECTIVITE, 2),
        collectivite_rep_ids=frozenset(
            p[3] for p in profiles if p[0] == Profile.COLLECTIVITE and p[3] is not None
        ),
        circonscription_ids=frozenset(
            p[2] for p in profiles if p[0] == Profile.INSPECTION and p[2] is not None
        ),
        school_profiles=tuple(sorted((p[1], p[0]) for p in profiles if p[1] is not None)),
        taught_class_ids=frozenset(c for c, role in own if role == ClassMembership.Role.ENSEIGNANT),
        member_class_ids=frozenset(c for c, _ in own),
        child_ids=child_ids,
        children_class_ids=frozenset(c for uid, c, _ in memberships if uid in child_ids),
    )


def _all(actions: tuple[str, ...], value: bool) -> dict[str, bool]:
    return dict.fromkeys(actions, value)


def _academic_over_schools(scope: Scope, school_ids: set[int]) -> bool:
    if not scope.is_academic or not school_ids:
        return False
    return School.objects.filter(
        Q(circonscription__departement__academie_id__in=scope.academie_ids)
        | Q(circonscription__departement_id__in=scope.departement_ids),
        id__in=school_ids,
    ).exists()


def school_abilities(scope: Scope, school: School) -> dict[str, bool]:
    if scope.is_operator:
        return _all(SCHOOL_ACTIONS, True)
    if scope.user_id is None:
        return _all(SCHOOL_ACTIONS, False)
    manager = school.pk in scope.managed_school_ids or _academic_over_schools(scope, {school.pk})
    funder = school.collectivite_id in scope.collectivite_admin_ids | scope.collectivite_rep_ids
    inspector = school.circonscription_id in scope.circonscription_ids
    profiles = scope.profiles_in(school.pk)
    return {
        "view": manager or funder or inspector or bool(profiles),
        "view_counts": manager or funder or inspector,
        "view_members": manager or bool(profiles & STAFF_PROFILES),
        "manage": manager,
    }


def class_abilities(scope: Scope, school_class: SchoolClass) -> dict[str, bool]:
    if scope.is_operator:
        return _all(CLASS_ACTIONS, True)
    if scope.user_id is None:
        return _all(CLASS_ACTIONS, False)
    school = school_abilities(scope, school_class.school)
    staff = bool(scope.profiles_in(school_class.school_id) & STAFF_PROFILES)
    member = school_class.pk in scope.member_class_ids
    teacher = school_class.pk in scope.taught_class_ids
    return {
        "view": school["manage"]
        or staff
        or member
        or school_class.pk in scope.children_class_ids
        or school["view_counts"],
        "view_members": school["manage"] or staff or member,
        "manage": school["manage"] or teacher,
    }


def user_abilities(scope: Scope, target: Any) -> dict[str, bool]:
    if scope.is_operator:
        return _all(USER_ACTIONS, True)
    if scope.user_id is None:
        return _all(USER_ACTIONS, False)
    if target.pk == scope.user_id:
        return {"view": True, "manage": False}
    target_schools = set(
        ProfileAssignment.objects.filter(user=target, school__isnull=False).values_list(
            "school_id", flat=True
        )
    )
    target_classes = dict(
        ClassMembership.objects.filter(
            user=target, ended_at__isnull=True, school_class__archived_at__isnull=True
        ).values_list("school_class_id", "role")
    )
    pupil_classes = {c for c, role in target_classes.items() if role == ClassMembership.Role.ELEVE}
    manager = bool(target_schools & scope.managed_school_ids) or _academic_over_schools(
        scope, target_schools
    )
    manage = manager or bool(pupil_classes & scope.taught_class_ids)
    view = (
        manage
        or target.pk in scope.child_ids
        or bool(target_schools & scope.staff_school_ids)
        or bool(set(target_classes) & (scope.member_class_ids | scope.children_class_ids))
    )
    return {"view": view, "manage": manage}


def structure_abilities(scope: Scope, obj: Model) -> dict[str, bool]:
    """Académies, départements, circonscriptions, collectivités, RPI: académie admins manage."""
    if scope.is_operator:
        return _all(STRUCTURE_ACTIONS, True)
    academie_id, departement_id = _structure_anchor(obj)
    manage = academie_id in scope.academie_ids or (
        departement_id is not None and departement_id in scope.departement_ids
    )
    if academie_id is None:  # an RPI with no school yet
        manage = scope.is_academic
    if isinstance(obj, Collectivite) and obj.pk in scope.collectivite_admin_ids:
        return {"view": True, "manage": True}  # its representatives and its own record
    return {"view": manage or scope.user_id is not None, "manage": manage}


def _structure_anchor(obj: Model) -> tuple[int | None, int | None]:
    if isinstance(obj, Academie):
        return obj.pk, None
    if isinstance(obj, Departement):
        return obj.academie_id, obj.pk
    if isinstance(obj, Circonscription):
        return obj.departement.academie_id, obj.departement_id
    if isinstance(obj, Collectivite):
        return obj.academie_id, None
    if isinstance(obj, Rpi):
        anchor = (
            School.objects.filter(rpi=obj)
            .values_list(
                "circonscription__departement__academie_id", "circonscription__departement_id"
            )
            .first()
        )
        return anchor if anchor else (None, None)
    raise TypeError(f"No policy for {type(obj).__name__}")


def get_abilities(user: Any, obj: Model) -> dict[str, bool]:
    scope = get_scope(user)
    if isinstance(obj, School):
        return school_abilities(scope, obj)
    if isinstance(obj, SchoolClass):
        return class_abilities(scope, obj)
    if isinstance(obj, get_user_model()):
        return user_abilities(scope, obj)
    return structure_abilities(scope, obj)


def _school_filter(scope: Scope, prefix: str = "") -> Q:
    """Schools the person may see, as a condition on `<prefix>` School fields."""
    p = prefix
    return (
        Q(**{f"{p}id__in": scope.managed_school_ids | {s for s, _ in scope.school_profiles}})
        | Q(**{f"{p}circonscription__departement__academie_id__in": scope.academie_ids})
        | Q(**{f"{p}circonscription__departement_id__in": scope.departement_ids})
        | Q(
            **{f"{p}collectivite_id__in": scope.collectivite_admin_ids | scope.collectivite_rep_ids}
        )
        | Q(**{f"{p}circonscription_id__in": scope.circonscription_ids})
    )


def visible_schools(user: Any) -> QuerySet[School]:
    scope = get_scope(user)
    if scope.is_operator:
        return School.objects.all()
    if scope.user_id is None:
        return School.objects.none()
    return School.objects.filter(_school_filter(scope))


def visible_classes(user: Any) -> QuerySet[SchoolClass]:
    scope = get_scope(user)
    if scope.is_operator:
        return SchoolClass.objects.all()
    if scope.user_id is None:
        return SchoolClass.objects.none()
    managed = _school_filter(
        Scope(
            user_id=scope.user_id,
            academie_ids=scope.academie_ids,
            departement_ids=scope.departement_ids,
            managed_school_ids=scope.managed_school_ids,
            collectivite_admin_ids=scope.collectivite_admin_ids,
            collectivite_rep_ids=scope.collectivite_rep_ids,
            circonscription_ids=scope.circonscription_ids,
        ),
        prefix="school__",
    )
    own = scope.member_class_ids | scope.children_class_ids
    return SchoolClass.objects.filter(
        managed | Q(id__in=own) | Q(school_id__in=scope.staff_school_ids)
    )


def visible_people(user: Any) -> QuerySet[Any]:
    """People whose directory card the person may open (never the whole académie by default)."""
    user_model = get_user_model()
    scope = get_scope(user)
    if scope.is_operator:
        return user_model.objects.all()
    if scope.user_id is None:
        return user_model.objects.none()
    staff_or_managed = scope.staff_school_ids | scope.managed_school_ids
    classes = scope.member_class_ids | scope.children_class_ids
    academic = Q(
        profile_assignments__school__circonscription__departement__academie_id__in=scope.academie_ids
    ) | Q(profile_assignments__school__circonscription__departement_id__in=scope.departement_ids)
    condition = (
        Q(pk=scope.user_id)
        | Q(pk__in=scope.child_ids)
        | Q(profile_assignments__school_id__in=staff_or_managed)
        | Q(
            class_memberships__school_class_id__in=classes,
            class_memberships__ended_at__isnull=True,
        )
    )
    if scope.is_academic:
        condition |= academic
    return user_model.objects.filter(condition).distinct()


def visible_to(user: Any, model: type[Model] = School) -> QuerySet[Any]:
    """The objects of `model` (School, SchoolClass or User) the person may see."""
    if model is School:
        return visible_schools(user)
    if model is SchoolClass:
        return visible_classes(user)
    if model is get_user_model():
        return visible_people(user)
    raise TypeError(f"No visibility rule for {model.__name__}")
