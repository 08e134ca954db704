"""Who may see stored files and change quotas.

Reading a stored file's bytes is the owning app's decision (a document, a message…): it asks
its own policy, then calls `storage.downloads.file_response`. Here: own files, and quotas.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from preau.directory.models import Function, FunctionAssignment
from preau.storage.models import Quota, StoredFile


def _is_admin(user: Any) -> bool:
    if user.is_superuser:
        return True
    return FunctionAssignment.objects.filter(
        user_id=user.pk, function=Function.ADMIN_ACADEMIQUE
    ).exists()


def get_abilities(user: Any, quota: Quota) -> dict[str, bool]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"view": False, "change": False}
    admin = _is_admin(user)
    return {"view": admin or quota.user_id == user.pk, "change": admin}


def visible_to(user: Any) -> QuerySet[StoredFile]:
    if user is None or not getattr(user, "is_authenticated", False):
        return StoredFile.objects.none()
    return StoredFile.objects.filter(owner_id=user.pk)
