"""Upload, new version, rename, move, copy of documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Max

from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.core.errors import PermissionDenied
from preau.documents.models import Document, DocumentVersion, Folder
from preau.documents.policies import document as document_policy
from preau.documents.services._common import clean_name, writable_folder
from preau.storage import services as storage
from preau.storage.models import StoredFile

SERVICE = "documents"
T = TypeVar("T")


def _apply_version(
    document: Document, stored: StoredFile, actor: Any, *, new: bool = False
) -> DocumentVersion:
    last = 0 if new else document.versions.aggregate(n=Max("number"))["n"] or 0
    version = DocumentVersion.objects.create(
        document=document, number=last + 1, file=stored, created_by=actor
    )
    document.current = version
    document.size = stored.size
    document.content_type = stored.content_type
    document.has_preview = stored.has_thumbnail
    document.save(update_fields=["current", "size", "content_type", "has_preview", "updated_at"])
    return version


def _stored_then(store: Callable[[], StoredFile], write: Callable[[StoredFile], T]) -> T:
    """`store()` the bytes then `write(stored)` the rows, in one transaction (one commit per
    upload); if anything fails, the rows roll back and the blobs just written are deleted."""
    stored: StoredFile | None = None
    try:
        with transaction.atomic():
            stored = store()
            return write(stored)
    except BaseException:
        if stored is not None:
            storage.forget_bytes([stored])
        raise


def upload(actor: Any, file: Any, *, folder: Folder | None = None, name: str = "") -> Document:
    """Store `file` as a new document in `folder` (None: the actor's own space)."""
    folder = writable_folder(actor, folder)

    def write(stored: StoredFile) -> Document:
        display, key = clean_name(stored.name)
        document = Document.objects.create(
            owner=actor,
            folder=folder,
            root_id=folder.root_id if folder else None,
            name=display,
            search_name=key,
        )
        _apply_version(document, stored, actor, new=True)
        audit(
            actor,
            "documents.uploaded",
            document,
            size=stored.size,
            folder=getattr(folder, "pk", None),
        )
        return document

    return _stored_then(
        lambda: storage.store(actor, file, service=SERVICE, name=name or None), write
    )


def add_version(actor: Any, document: Document, file: Any) -> DocumentVersion:
    authorize(document_policy, actor, "contribute", document)

    # The document's owner is charged, as for a shared drive: a contributor's account may go
    # (rules.md §8) while the version stays in the owner's document.
    def write(stored: StoredFile) -> DocumentVersion:
        locked = Document.objects.select_for_update().get(pk=document.pk)
        version = _apply_version(locked, stored, actor)
        audit(actor, "documents.version_added", locked, number=version.number)
        return version

    version = _stored_then(
        lambda: storage.store(actor, file, service=SERVICE, owner=document.owner), write
    )
    document.refresh_from_db()
    return version


def rename(actor: Any, document: Document, new_name: str) -> Document:
    authorize(document_policy, actor, "manage", document)
    display, key = clean_name(new_name)
    with transaction.atomic():
        document.name, document.search_name = display, key
        document.save(update_fields=["name", "search_name", "updated_at"])
        audit(actor, "documents.renamed", document, name=display)
    return document


def move(actor: Any, document: Document, folder: Folder | None) -> Document:
    authorize(document_policy, actor, "manage", document)
    if folder is None and document.owner_id != actor.pk:
        raise PermissionDenied("Seul le propriétaire peut ramener ce document dans son espace.")
    folder = writable_folder(actor, folder)
    with transaction.atomic():
        document.folder = folder
        document.root_id = folder.root_id if folder else None
        document.save(update_fields=["folder", "root", "updated_at"])
        audit(actor, "documents.moved", document, folder=getattr(folder, "pk", None))
    return document


def copy(actor: Any, document: Document, folder: Folder | None = None) -> Document:
    """A copy of the current version, owned by (and counted for) the actor."""
    authorize(document_policy, actor, "read", document)
    folder = writable_folder(actor, folder)
    assert document.current is not None
    source = document.current.file

    def write(stored: StoredFile) -> Document:
        twin = Document.objects.create(
            owner=actor,
            folder=folder,
            root_id=folder.root_id if folder else None,
            name=document.name,
            search_name=document.search_name,
        )
        _apply_version(twin, stored, actor, new=True)
        audit(actor, "documents.copied", twin, source=document.pk)
        return twin

    return _stored_then(lambda: storage.copy(actor, source, service=SERVICE), write)
