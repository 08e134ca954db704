"""Who may edit a school's communication rules, a class override, or the kill switch."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from preau.communication.models import MessagingSuspension
from preau.directory import policies as directory_policies
from preau.directory.models import School, SchoolClass

SCHOOL_ACTIONS = ("view_rules", "manage_rules", "suspend")
CLASS_ACTIONS = ("manage_class_rules",)


def get_abilities(user: Any, obj: Any = None) -> dict[str, bool]:
    """For a School, a SchoolClass, or None (the académie-wide kill switch)."""
    scope = directory_policies.get_scope(user)
    if isinstance(obj, School):
        manages = directory_policies.school_abilities(scope, obj)["manage"]
        return dict.fromkeys(SCHOOL_ACTIONS, manages)
    if isinstance(obj, SchoolClass):
        teaches = obj.pk in scope.taught_class_ids
        manages = teaches or directory_policies.school_abilities(scope, obj.school)["manage"]
        return {"manage_class_rules": manages}
    return {"suspend_global": scope.is_operator or bool(scope.academie_ids)}


def visible_to(user: Any) -> QuerySet[MessagingSuspension]:
    """Suspensions a person may see on the admin screens (managers of the school, académie)."""
    scope = directory_policies.get_scope(user)
    if scope.is_operator or scope.academie_ids:
        return MessagingSuspension.objects.all()
    return MessagingSuspension.objects.filter(
        Q(school_id__in=sorted(scope.managed_school_ids)) | Q(school__isnull=True)
    )
