"""Shares that reach a person on a document or folder, directly or through a folder above it."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from preau.directory.models import GroupMembership
from preau.documents.models import Document, Folder, FolderAncestor
from preau.sharing.models import LEVEL_RANK, Level, Share
from preau.sharing.policies import abilities_from_rows

ACTIONS = ("read", "contribute", "manage", "publish", "comment")


def signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def reaching(user: Any) -> QuerySet[Share]:
    groups = GroupMembership.objects.filter(user_id=user.pk).values("group_id")
    return Share.objects.filter(Q(user_id=user.pk) | Q(group_id__in=groups))


def shared_ids(user: Any, model: type[Document] | type[Folder], level: str) -> QuerySet[Any]:
    """Ids of `model` rows shared with `user` at `level` or above (a subquery)."""
    return (
        reaching(user)
        .filter(content_type=ContentType.objects.get_for_model(model))
        .filter(rank__gte=LEVEL_RANK[Level(level)])
        .values("object_id")
    )


def in_shared_folders(user: Any, level: str) -> QuerySet[Any]:
    """Ids of the folders at or below a folder shared with `user` at `level` or above (a
    subquery through the tree's closure, ADR 0042)."""
    return FolderAncestor.objects.filter(ancestor_id__in=shared_ids(user, Folder, level)).values(
        "folder_id"
    )


def on_folder_and_ancestors(folder_id: int) -> Q:
    """Shares on this folder or any folder above it."""
    ancestors = FolderAncestor.objects.filter(folder_id=folder_id).values("ancestor_id")
    return Q(content_type=ContentType.objects.get_for_model(Folder), object_id__in=ancestors)


def abilities_from(user: Any, on: Q) -> dict[str, bool]:
    """Rights of `user` from the shares matching `on` (one query)."""
    rows = list(reaching(user).filter(on).values_list("rank", "can_publish", "can_comment"))
    return abilities_from_rows(rows)


def on_object(model: type[Document] | type[Folder], pk: int | None) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(model), object_id=pk)
