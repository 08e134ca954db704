from __future__ import annotations

from typing import Any

from preau.communication.search import fold
from preau.core.authorization import authorize
from preau.documents.errors import FolderInvalid, NameInvalid
from preau.documents.models import Folder
from preau.documents.policies import folder as folder_policy
from preau.storage.naming import sanitise_name


def clean_name(raw: str) -> tuple[str, str]:
    """A sanitised display name and its folded search key."""
    name = sanitise_name(raw or "") if (raw or "").strip() else ""
    if not name or len(name) > 150:
        raise NameInvalid()
    return name, fold(name)


def writable_folder(actor: Any, folder: Folder | None) -> Folder | None:
    """`folder` if `actor` may add to it (None = the actor's own top level)."""
    if folder is None:
        return None
    if (
        folder.trashed_at is not None
        or not folder_policy.get_abilities(actor, folder)["contribute"]
    ):
        raise FolderInvalid()
    return folder


def authorize_folder(actor: Any, action: str, folder: Folder) -> None:
    authorize(folder_policy, actor, action, folder)
