"""Who may print letters, see activation, renew, block or restore an account (rules.md §2, §4, §8).

- Letters and the activation list of a class: its teachers and the school's managers
  (directeur, admin_local, académie admins in scope). A whole school: its managers.
- Renewal codes and temporary passwords: a teacher for the pupils of their classes and these
  pupils' parents; a manager for anyone in the school except other admins; never oneself.
- Blocking, unblocking and restoring: the school's managers, except on other admins.
Académie admins may act on admins of their schools. Operators may do everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet

from preau.directory import policies as directory
from preau.directory.models import (
    ClassMembership,
    FunctionAssignment,
    ParentLink,
    ProfileAssignment,
    School,
    SchoolClass,
)
from preau.lifecycle.models import AccountState

SCHOOL_ACTIONS = ("view_accounts", "print_letters")
USER_ACTIONS = ("renew", "block", "restore")


@dataclass(frozen=True)
class TargetFacts:
    school_ids: frozenset[int]
    is_admin: bool
    pupil_class_ids: frozenset[int]
    children_class_ids: frozenset[int]


def target_facts(target: Any) -> TargetFacts:
    """What the rules need to know about the person acted on. Four queries."""
    schools = set(
        ProfileAssignment.objects.filter(user=target, school__isnull=False).values_list(
            "school_id", flat=True
        )
    )
    backup = AccountState.objects.filter(user=target).values_list("backup", flat=True).first() or {}
    schools |= {p["school_id"] for p in backup.get("profiles", []) if p.get("school_id")}
    is_admin = FunctionAssignment.objects.filter(user=target).exists()
    memberships = ClassMembership.objects.filter(
        ended_at__isnull=True,
        school_class__archived_at__isnull=True,
        role=ClassMembership.Role.ELEVE,
    )
    own = set(memberships.filter(user=target).values_list("school_class_id", flat=True))
    children = set(
        memberships.filter(
            user_id__in=ParentLink.objects.filter(parent=target, parental_authority=True).values(
                "child_id"
            )
        ).values_list("school_class_id", flat=True)
    )
    return TargetFacts(frozenset(schools), is_admin, frozenset(own), frozenset(children))


def _manages(scope: directory.Scope, school_ids: frozenset[int]) -> bool:
    return bool(school_ids & scope.managed_school_ids) or directory._academic_over_schools(
        scope, set(school_ids)
    )


def user_abilities(scope: directory.Scope, target: Any) -> dict[str, bool]:
    if scope.is_operator:
        return dict.fromkeys(USER_ACTIONS, True)
    if scope.user_id is None or scope.user_id == target.pk:
        return dict.fromkeys(USER_ACTIONS, False)
    facts = target_facts(target)
    if facts.is_admin:
        manager = directory._academic_over_schools(scope, set(facts.school_ids))
    else:
        manager = _manages(scope, facts.school_ids)
    teacher = not facts.is_admin and bool(
        (facts.pupil_class_ids | facts.children_class_ids) & scope.taught_class_ids
    )
    return {"renew": manager or teacher, "block": manager, "restore": manager}


def school_abilities(scope: directory.Scope, school: School) -> dict[str, bool]:
    manage = directory.school_abilities(scope, school)["manage"]
    return dict.fromkeys(SCHOOL_ACTIONS, manage)


def class_abilities(scope: directory.Scope, school_class: SchoolClass) -> dict[str, bool]:
    manage = directory.class_abilities(scope, school_class)["manage"]
    return dict.fromkeys(SCHOOL_ACTIONS, manage)


def get_abilities(user: Any, obj: Model) -> dict[str, bool]:
    scope = directory.get_scope(user)
    if isinstance(obj, SchoolClass):
        return class_abilities(scope, obj)
    if isinstance(obj, School):
        return school_abilities(scope, obj)
    if isinstance(obj, get_user_model()):
        return user_abilities(scope, obj)
    raise TypeError(f"No lifecycle policy for {type(obj).__name__}")


def visible_to(user: Any) -> QuerySet[SchoolClass]:
    """Classes whose accounts and letters `user` may handle (taught or in a managed school)."""
    scope = directory.get_scope(user)
    if scope.is_operator:
        return SchoolClass.objects.all()
    if scope.user_id is None:
        return SchoolClass.objects.none()
    condition = (
        Q(school_id__in=scope.managed_school_ids)
        | Q(school__circonscription__departement__academie_id__in=scope.academie_ids)
        | Q(school__circonscription__departement_id__in=scope.departement_ids)
        | Q(id__in=scope.taught_class_ids)
    )
    return SchoolClass.objects.filter(condition)
