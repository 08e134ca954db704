"""Sharing documents and folders (any depth), through the generic sharing service (ADR 0011).

The sharing service asks the communication rules (`may_reach`) and refuses with
`communication_forbidden`; our share policies add the rights inherited from the folders above
(ADR 0042).
"""

from __future__ import annotations

from typing import Any

from preau.directory.models import Group
from preau.documents.models import Document, Folder
from preau.documents.policies import document as document_policy
from preau.documents.policies import folder as folder_policy
from preau.sharing import services as sharing
from preau.sharing.models import Level, Share


def share_document(
    actor: Any,
    document: Document,
    *,
    user: Any = None,
    group: Group | None = None,
    level: str = Level.READ,
) -> Share:
    return sharing.share(
        actor, document_policy.sharing, document, with_user=user, with_group=group, level=level
    )


def unshare_document(
    actor: Any, document: Document, *, user: Any = None, group: Group | None = None
) -> int:
    return sharing.unshare(
        actor, document_policy.sharing, document, with_user=user, with_group=group
    )


def share_folder(
    actor: Any,
    folder: Folder,
    *,
    user: Any = None,
    group: Group | None = None,
    level: str = Level.READ,
) -> Share:
    return sharing.share(
        actor, folder_policy.sharing, folder, with_user=user, with_group=group, level=level
    )
