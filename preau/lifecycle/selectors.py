"""Reads of the lifecycle app: letter recipients, who has activated, account states."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from preau.accounts.models import User
from preau.directory.models import ClassMembership, ParentLink, School, SchoolClass
from preau.directory.schoolyear import current_school_year

PUPIL = ClassMembership.Role.ELEVE


@dataclass
class Family:
    """One responsable and their children among the letters' pupils."""

    parent: User
    children: list[User] = field(default_factory=list)


@dataclass(frozen=True)
class Recipients:
    pupils: list[tuple[User, SchoolClass]]
    families: list[Family]


def current_classes(school: School) -> list[SchoolClass]:
    """The school's open classes of the current year, by name. One query."""
    return list(
        SchoolClass.objects.filter(
            school=school, school_year=current_school_year(), archived_at__isnull=True
        )
        .select_related("school")
        .order_by("name")
    )


def letter_recipients(classes: list[SchoolClass]) -> Recipients:
    """Pupils of these classes and one family per responsable (autorité parentale). Two queries."""
    memberships = list(
        ClassMembership.objects.filter(school_class__in=classes, role=PUPIL, ended_at__isnull=True)
        .select_related("user", "school_class")
        .order_by("school_class__name", "user__last_name", "user__first_name", "user_id")
    )
    pupils = [(m.user, m.school_class) for m in memberships]
    by_id = {user.pk: user for user, _ in pupils}
    families: dict[int, Family] = {}
    links = (
        ParentLink.objects.filter(child_id__in=by_id, parental_authority=True)
        .select_related("parent")
        .order_by("parent__last_name", "parent__first_name", "parent_id", "child_id")
    )
    for link in links:
        family = families.setdefault(link.parent_id, Family(link.parent))
        family.children.append(by_id[link.child_id])
    return Recipients(pupils, list(families.values()))


@dataclass(frozen=True)
class ClassActivation:
    school_class: SchoolClass
    pupils: int
    pupils_activated: int
    parents: int
    parents_activated: int


def activation_by_class(school: School) -> list[ClassActivation]:
    """For each open class: pupils and parents, and how many have activated. Two queries."""
    classes = current_classes(school)
    activated = Q(memberships__user__activated_at__isnull=False)
    pupil_rows = {
        row["pk"]: row
        for row in SchoolClass.objects.filter(pk__in=[c.pk for c in classes])
        .annotate(
            n=Count("memberships", filter=Q(memberships__role=PUPIL, memberships__ended_at=None)),
            a=Count(
                "memberships",
                filter=Q(memberships__role=PUPIL, memberships__ended_at=None) & activated,
            ),
        )
        .values("pk", "n", "a")
    }
    parents: dict[int, dict[int, bool]] = defaultdict(dict)
    for class_id, parent_id, parent_activated in ParentLink.objects.filter(
        parental_authority=True,
        child__class_memberships__school_class__in=[c.pk for c in classes],
        child__class_memberships__ended_at__isnull=True,
        child__class_memberships__role=PUPIL,
    ).values_list("child__class_memberships__school_class_id", "parent_id", "parent__activated_at"):
        parents[class_id][parent_id] = parent_activated is not None
    return [
        ClassActivation(
            c,
            pupil_rows.get(c.pk, {}).get("n", 0),
            pupil_rows.get(c.pk, {}).get("a", 0),
            len(parents[c.pk]),
            sum(parents[c.pk].values()),
        )
        for c in classes
    ]


@dataclass(frozen=True)
class AccountRow:
    user: User
    role: str  # "Élève", "Responsable de …"
    has_code: bool
    state: str


def class_accounts(school_class: SchoolClass) -> list[AccountRow]:
    """Pupils of a class, each followed by their responsables, with activation state. 3 queries."""
    recipients = letter_recipients([school_class])
    ids = [u.pk for u, _ in recipients.pupils] + [f.parent.pk for f in recipients.families]
    extra: dict[int, Any] = {
        row["pk"]: row
        for row in User.objects.filter(pk__in=ids)
        .annotate(code=Count("activation_code"))
        .values("pk", "code", "lifecycle_state__state")
    }
    parents_of: dict[int, list[User]] = defaultdict(list)
    for family in recipients.families:
        for child in family.children:
            parents_of[child.pk].append(family.parent)
    rows: list[AccountRow] = []
    seen: set[int] = set()
    for pupil, _ in recipients.pupils:
        rows.append(_row(pupil, "Élève", extra))
        for parent in parents_of[pupil.pk]:
            role = f"Responsable de {pupil.first_name}"
            rows.append(_row(parent, role + (" (déjà listé)" if parent.pk in seen else ""), extra))
            seen.add(parent.pk)
    return rows


def _row(user: User, role: str, extra: dict[int, Any]) -> AccountRow:
    info = extra.get(user.pk, {})
    return AccountRow(user, role, bool(info.get("code")), account_state(user, info))


def account_state(user: User, info: dict[str, Any]) -> str:
    """The state shown to the school, in French (rules.md §8)."""
    if user.blocked_at is not None:
        return "Bloqué"
    lifecycle = info.get("lifecycle_state__state")
    if lifecycle == "pre_deleted":
        return "Pré-supprimé"
    if lifecycle == "absent":
        return "Parti (absent)"
    return "Activé" if user.activated_at else "Jamais activé"
