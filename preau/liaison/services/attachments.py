"""Files joined to a mot: uploaded with it, or copied from the author's espace documentaire.

Both go through the storage core (service "liaison", counted in the author's quota); its typed
refusals (`quota_exceeded`, `file_too_large`, `file_type_refused`, `virus_found`) reach the caller
unchanged and nothing of the mot is written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from preau.documents.selectors import visible_document
from preau.liaison import errors
from preau.liaison.models import Note, NoteAttachment
from preau.storage import services as storage
from preau.storage.models import StoredFile

MAX_ATTACHMENTS = 10


def readable_documents(actor: Any, document_ids: Sequence[int]) -> list[Any]:
    """The author's readable documents, in the order given, or `attachment_not_found`."""
    ids = list(dict.fromkeys(document_ids))
    found = []
    for pk in ids:
        document = visible_document(actor, pk) if actor is not None else None
        if document is None or document.current is None or document.trashed_at is not None:
            raise errors.AttachmentNotFound(document=pk)
        found.append(document)
    return found


def check_count(uploads: Sequence[Any], documents: Sequence[Any]) -> None:
    if len(uploads) + len(documents) > MAX_ATTACHMENTS:
        raise errors.TooManyAttachments()


def attach(
    actor: Any, note: Note, uploads: Sequence[Any], documents: Sequence[Any], kept: list[StoredFile]
) -> None:
    """Store each file and join it to `note` (inside the publication's transaction); `kept`
    collects what was written so that the caller can remove the bytes if the mot is rolled back."""
    files = []
    for upload in uploads:
        kept.append(storage.store(actor, upload, service="liaison"))
        files.append(kept[-1])
    for document in documents:
        kept.append(storage.copy(actor, document.current.file, service="liaison"))
        files.append(kept[-1])
    NoteAttachment.objects.bulk_create(
        [NoteAttachment(note=note, file=f, position=i) for i, f in enumerate(files)]
    )
