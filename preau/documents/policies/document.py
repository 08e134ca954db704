"""Who may do what with a document.

The owner may do everything. Others get the highest right of the shares reaching them (directly
or through one of their groups) on the document itself or on any folder above it: a class
space shared with "Parents de CE1 B" lets those parents read every document in it, a sub-folder
shared with one colleague lets her read what is in it (ADR 0042).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from preau.documents.models import Document
from preau.documents.policies._shares import (
    ACTIONS,
    abilities_from,
    in_shared_folders,
    on_folder_and_ancestors,
    on_object,
    shared_ids,
    signed_in,
)
from preau.sharing.models import Level
from preau.sharing.policies import SharePolicy


def visible_to(user: Any, level: str = Level.READ) -> QuerySet[Document]:
    """Documents `user` may read (or act on at `level`), trashed ones included (1 query)."""
    if not signed_in(user):
        return Document.objects.none()
    return Document.objects.filter(
        Q(owner_id=user.pk)
        | Q(pk__in=shared_ids(user, Document, level))
        | Q(folder_id__in=in_shared_folders(user, level))
    )


def get_abilities(user: Any, document: Document) -> dict[str, bool]:
    if not signed_in(user):
        return dict.fromkeys(ACTIONS, False)
    if document.owner_id == user.pk:
        return dict.fromkeys(ACTIONS, True)
    on = on_object(Document, document.pk)
    if document.folder_id is not None:
        on |= on_folder_and_ancestors(document.folder_id)
    return abilities_from(user, on)


class DocumentSharePolicy(SharePolicy):
    """The sharing service asks this one, so folder rights count when sharing a document."""

    def visible_to(self, user: Any, level: str = Level.READ) -> QuerySet[Any]:
        return visible_to(user, level)

    def abilities(self, user: Any, obj: Model) -> dict[str, bool]:
        assert isinstance(obj, Document)
        return get_abilities(user, obj)


sharing = DocumentSharePolicy(Document, owner_field="owner")
