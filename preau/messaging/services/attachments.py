"""Attachments: files stored through the storage core, charged to the sender (ADR 0037).

A message's files are stored once (service "messagerie", owner = the sender) and read by every
copy of the message: a broadcast to 700 families keeps one blob. A document of the espace
documentaire is attached by a server-side copy of its current version (the document may be
trashed or replaced afterwards; the message must not change nor block it). A forward copies the
original's files to the forwarder, so each message's files live and die with it.

The blobs are written before the message's own transaction (each `store`/`copy` commits with its
quota); if the message then cannot be written, `discard` gives the bytes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Max

from preau.core.errors import InvalidInput, NotFound
from preau.messaging.models import Attachment, Delivery, Message
from preau.storage import services as storage
from preau.storage.errors import FileTooLarge
from preau.storage.models import StoredFile
from preau.storage.selectors import max_upload_bytes

SERVICE = "messagerie"
MAX_ATTACHMENTS = 10


class Staged(list[StoredFile]):
    """Files stored for a message being written; given back if the message is not."""


@contextmanager
def staged(actor: Any) -> Iterator[Staged]:
    files = Staged()
    try:
        yield files
    except BaseException:
        with transaction.atomic():
            storage.discard(actor, [f for f in files if f.pk])
        raise


def _check_count(already: int, adding: int) -> None:
    if already + adding > MAX_ATTACHMENTS:
        raise InvalidInput(
            f"Un message peut avoir au plus {MAX_ATTACHMENTS} pièces jointes.",
            code="too_many_attachments",
        )


def readable_documents(actor: Any, document_ids: Sequence[int]) -> list[Any]:
    """The documents `actor` may read, in the order asked; refuses if any is missing."""
    from preau.documents.policies import document as document_policy

    wanted = list(dict.fromkeys(int(i) for i in document_ids))
    found = {
        d.pk: d
        for d in document_policy.visible_to(actor)
        .filter(pk__in=wanted, trashed_at__isnull=True, current__isnull=False)
        .select_related("current__file")
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        raise NotFound(
            "Ce document n'existe pas ou ne vous est pas accessible : "
            + ", ".join(str(i) for i in missing)
            + ".",
            code="document_not_found",
            documents=missing,
        )
    return [found[i] for i in wanted]


def copy_documents(actor: Any, documents: Iterable[Any], into: Staged) -> None:
    """Server-side copies of the documents' current versions, charged to `actor`."""
    documents = list(documents)
    if not documents:
        return
    limit = max_upload_bytes(actor, SERVICE)
    for document in documents:
        source = document.current.file
        if source.size > limit:
            raise FileTooLarge.over(limit)
        into.append(storage.copy(actor, source, service=SERVICE))


def copy_from_message(actor: Any, original: Message, into: Staged) -> None:
    """A forward keeps the original's attachments: copies charged to the forwarder."""
    sources = StoredFile.objects.filter(
        pk__in=Attachment.objects.filter(message=original).values("file_id")
    ).order_by("id")
    for source in sources:
        into.append(storage.copy(actor, source, service=SERVICE))


def link(message: Message, files: Sequence[StoredFile]) -> list[Attachment]:
    """Attach stored files to `message` (inside its transaction), after those it has."""
    if not files:
        return []
    last = Attachment.objects.filter(message=message).aggregate(m=Max("position"))["m"]
    start = -1 if last is None else last
    _check_count(Attachment.objects.filter(message=message).count(), len(files))
    return Attachment.objects.bulk_create(
        Attachment(message=message, file=f, position=start + 1 + n) for n, f in enumerate(files)
    )


def store_upload(actor: Any, upload: Any) -> StoredFile:
    """Check and store one uploaded file for a message (typed refusals of the storage core)."""
    return storage.store(actor, upload, service=SERVICE)


def attach_upload(actor: Any, draft: Message, upload: Any) -> Attachment:
    """Add an uploaded file to the actor's draft."""
    _check_count(Attachment.objects.filter(message=draft).count(), 1)
    with staged(actor) as files:
        files.append(store_upload(actor, upload))
        with transaction.atomic():
            locked = Message.objects.select_for_update().get(pk=draft.pk)
            if locked.sender_id != actor.pk or locked.status != Message.Status.DRAFT:
                raise NotFound("Ce brouillon n'existe plus.")
            (attachment,) = link(locked, files)
    return attachment


def remove(actor: Any, draft_id: int, attachment_id: int) -> None:
    """Take a file off one's own draft; its bytes are given back."""
    with transaction.atomic():
        attachment = (
            Attachment.objects.select_for_update()
            .filter(
                pk=attachment_id,
                message_id=draft_id,
                message__sender_id=actor.pk,
                message__status=Message.Status.DRAFT,
            )
            .select_related("file")
            .first()
        )
        if attachment is None:
            raise NotFound("Cette pièce jointe n'existe plus.")
        stored = attachment.file
        attachment.delete()
        storage.discard(actor, [stored])


def delete_messages(actor: Any, messages: Any) -> None:
    """Delete messages and give their files' bytes back (inside the caller's transaction)."""
    files = list(StoredFile.objects.filter(pk__in=_files_of(messages)))
    Message.objects.filter(pk__in=messages.values("pk")).delete()
    storage.discard(actor, files)


def release_unheld(actor: Any, message_ids: Iterable[int]) -> int:
    """Files of messages that nobody holds any more (every copy deleted) are given back.

    Only for messages whose delivery is over (sent and fanned out, or refused): a pending
    message or one still being fanned out may gain copies."""
    ids = list(message_ids)
    if not ids:
        return 0
    with_files = Attachment.objects.filter(message_id__in=ids).values("message_id")
    done = Message.objects.filter(pk__in=with_files).exclude(status=Message.Status.PENDING)
    done = done.exclude(status=Message.Status.SENT, fanout_done_at__isnull=True)
    held = Delivery.objects.filter(message_id__in=ids, deleted_at__isnull=True).values("message_id")
    rows = list(
        Attachment.objects.filter(message__in=done.exclude(pk__in=held)).select_related("file")
    )
    if not rows:
        return 0
    with transaction.atomic():
        Attachment.objects.filter(pk__in=[a.pk for a in rows]).delete()
        storage.discard(actor, [a.file for a in rows])
    return len(rows)


def _files_of(messages: Any) -> Any:
    return Attachment.objects.filter(message__in=messages).values("file_id")
