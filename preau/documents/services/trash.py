"""Trash: documents and folders wait `PREAU_TRASH_DAYS` days before being deleted for good."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.documents.models import Document, DocumentVersion, Folder
from preau.documents.policies import document as document_policy
from preau.documents.services._common import authorize_folder
from preau.documents.services._tree import subtree_ids
from preau.sharing.services import forget
from preau.storage import services as storage
from preau.storage.models import StoredFile


def trash(actor: Any, document: Document) -> Document:
    authorize(document_policy, actor, "manage", document)
    with transaction.atomic():
        document.trashed_at = timezone.now()
        document.save(update_fields=["trashed_at", "updated_at"])
        audit(actor, "documents.trashed", document)
    return document


def restore(actor: Any, document: Document) -> Document:
    authorize(document_policy, actor, "manage", document)
    with transaction.atomic():
        document.trashed_at = None
        if (
            document.folder_id
            and Folder.objects.filter(pk=document.folder_id, trashed_at__isnull=False).exists()
        ):
            document.folder, document.root = None, None  # its folder is in the trash: back on top
        document.save(update_fields=["trashed_at", "folder", "root", "updated_at"])
        audit(actor, "documents.restored", document)
    return document


def trash_folder(actor: Any, folder: Folder) -> Folder:
    authorize_folder(actor, "manage", folder)
    now = timezone.now()
    ids = subtree_ids(folder)
    with transaction.atomic():
        Folder.objects.filter(pk__in=ids, trashed_at__isnull=True).update(trashed_at=now)
        Document.objects.filter(folder_id__in=ids, trashed_at__isnull=True).update(trashed_at=now)
        audit(actor, "documents.folder_trashed", folder)
    folder.refresh_from_db()
    return folder


def restore_folder(actor: Any, folder: Folder) -> Folder:
    """Restore the folder and what was trashed with it (same moment), not what went before."""
    authorize_folder(actor, "manage", folder)
    moment = folder.trashed_at
    ids = subtree_ids(folder)
    with transaction.atomic():
        Folder.objects.filter(pk__in=ids, trashed_at=moment).update(trashed_at=None)
        Document.objects.filter(folder_id__in=ids, trashed_at=moment).update(trashed_at=None)
        audit(actor, "documents.folder_restored", folder)
    folder.refresh_from_db()
    return folder


def purge(actor: Any, document: Document) -> None:
    """Delete a trashed document for good: versions, bytes, shares; bytes go back to quotas."""
    authorize(document_policy, actor, "manage", document)
    _purge_documents(actor, [document.pk])


def _purge_documents(actor: Any, ids: list[int]) -> int:
    with transaction.atomic():
        file_ids = list(
            DocumentVersion.objects.filter(document_id__in=ids).values_list("file_id", flat=True)
        )
        documents = list(Document.objects.filter(pk__in=ids))
        for document in documents:
            forget(document)
            audit(actor, "documents.purged", document)
        Document.objects.filter(pk__in=ids).update(current=None)
        DocumentVersion.objects.filter(document_id__in=ids).delete()
        Document.objects.filter(pk__in=ids).delete()
        storage.discard(actor, StoredFile.objects.filter(pk__in=file_ids))
    return len(documents)


def empty_trash(now: datetime | None = None) -> dict[str, int]:
    """Delete what has been in the trash longer than PREAU_TRASH_DAYS (idempotent)."""
    limit = (now or timezone.now()) - timedelta(days=settings.PREAU_TRASH_DAYS)
    old_docs = list(Document.objects.filter(trashed_at__lt=limit).values_list("pk", flat=True))
    purged = _purge_documents(None, old_docs) if old_docs else 0
    folders = 0
    tops = Folder.objects.filter(trashed_at__lt=limit).exclude(parent__trashed_at__lt=limit)
    for folder in list(tops):
        folders += _purge_folder(folder)
    return {"documents": purged, "folders": folders}


def _purge_folder(folder: Folder) -> int:
    ids = subtree_ids(folder)
    docs = list(Document.objects.filter(folder_id__in=ids).values_list("pk", flat=True))
    with transaction.atomic():
        _purge_documents(None, docs)
        for item in Folder.objects.filter(pk__in=ids):
            forget(item)
        Folder.objects.filter(pk__in=ids).delete()
        audit(None, "documents.folder_purged", None, folder=folder.pk, folders=len(ids))
    return len(ids)
