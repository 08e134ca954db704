"""Who may do what with a folder: its owner, or the shares on it or on a folder above it."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from preau.documents.models import Folder
from preau.documents.policies._shares import (
    ACTIONS,
    abilities_from,
    in_shared_folders,
    on_folder_and_ancestors,
    signed_in,
)
from preau.sharing.models import Level
from preau.sharing.policies import SharePolicy


def visible_to(user: Any, level: str = Level.READ) -> QuerySet[Folder]:
    if not signed_in(user):
        return Folder.objects.none()
    return Folder.objects.filter(Q(owner_id=user.pk) | Q(pk__in=in_shared_folders(user, level)))


def get_abilities(user: Any, folder: Folder) -> dict[str, bool]:
    if not signed_in(user):
        return dict.fromkeys(ACTIONS, False)
    if folder.owner_id is not None and folder.owner_id == user.pk:
        return dict.fromkeys(ACTIONS, True)
    return abilities_from(user, on_folder_and_ancestors(folder.pk))


class FolderSharePolicy(SharePolicy):
    def visible_to(self, user: Any, level: str = Level.READ) -> QuerySet[Any]:
        return visible_to(user, level)

    def abilities(self, user: Any, obj: Model) -> dict[str, bool]:
        assert isinstance(obj, Folder)
        return get_abilities(user, obj)


sharing = FolderSharePolicy(Folder, owner_field="owner")
