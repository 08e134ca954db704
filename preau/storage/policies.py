"""Who may see stored files and change quotas.

Reading a stored file's bytes is the owning app's decision (a document, a message…): it asks
its own policy, then calls `storage.downloads.file_response`. Here: own files, and quotas, which
those who manage a person's school may change (directory's scopes, domain.md §5).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from preau.directory.models import Function, FunctionAssignment, ProfileAssignment, School
from preau.directory.policies import get_scope, school_abilities
from preau.storage.models import Quota, StoredFile


def may_manage_some_school(user: Any) -> bool:
    """Whether to offer the storage management pages at all (1 query; each page still asks
    `manages_school`)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    functions = (Function.DIRECTEUR, Function.ADMIN_LOCAL, Function.ADMIN_ACADEMIQUE)
    return FunctionAssignment.objects.filter(user_id=user.pk, function__in=functions).exists()


def manages_school(user: Any, school: School) -> bool:
    """A school's director or local admin, an académie admin over it, or an operator: who
    sees its people's storage and changes their quotas (4 to 5 queries: the person's scope)."""
    return school_abilities(get_scope(user), school)["manage"]


def _manages_person(user: Any, person_id: int) -> bool:
    scope = get_scope(user)
    if scope.is_operator:
        return True
    schools = School.objects.filter(
        pk__in=ProfileAssignment.objects.filter(user_id=person_id).values("school_id")
    )
    return any(school_abilities(scope, school)["manage"] for school in schools)


def get_abilities(user: Any, quota: Quota) -> dict[str, bool]:
    """View: the person and those who manage one of their schools; change: the latter only
    (a director for their school, académie admins in their académie, operators)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {"view": False, "change": False}
    manager = _manages_person(user, quota.user_id)
    return {"view": manager or quota.user_id == user.pk, "change": manager}


def visible_to(user: Any) -> QuerySet[StoredFile]:
    if user is None or not getattr(user, "is_authenticated", False):
        return StoredFile.objects.none()
    return StoredFile.objects.filter(owner_id=user.pk)
