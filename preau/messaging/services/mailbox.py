"""One's own copies: read state, moving between boxes and folders, trash, personal folders."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.core.errors import Conflict, InvalidInput, NotFound
from preau.messaging import policies
from preau.messaging.models import Delivery, Folder, Message
from preau.messaging.services import attachments
from preau.timeline import services as timeline

SYSTEM_FOLDERS = ("inbox", "sent", "drafts", "trash")


def own_copy(actor: Any, message_id: int) -> Delivery:
    copy = (
        policies.visible_to(actor)
        .filter(message_id=message_id)
        .select_related("message", "message__sender", "folder")
        .first()
    )
    if copy is None:
        raise NotFound("Ce message n'existe pas ou ne vous est pas accessible.")
    return copy


def mark_read(actor: Any, message_id: int) -> Delivery:
    """Opening a message reads it (and its entry in the fil de nouveautés)."""
    copy = own_copy(actor, message_id)
    if copy.read_at is None:
        copy.read_at = timezone.now()
        Delivery.objects.filter(pk=copy.pk, read_at__isnull=True).update(read_at=copy.read_at)
        from preau.messaging.services.fanout import message_url

        timeline.mark_read_for_target(actor.pk, message_url(copy.message))
    return copy


def mark_unread(actor: Any, message_id: int) -> Delivery:
    copy = own_copy(actor, message_id)
    Delivery.objects.filter(pk=copy.pk).update(read_at=None)
    copy.read_at = None
    return copy


def move(actor: Any, message_id: int, destination: str | int) -> Delivery:
    """To `inbox`/`sent` (back from a folder or the trash), `trash`, or a personal folder id."""
    copy = own_copy(actor, message_id)
    authorize(policies, actor, "move", copy)
    folder = None
    if str(destination) == "trash":
        return trash(actor, message_id)
    if str(destination) in ("inbox", "sent"):
        if str(destination) != copy.box:
            raise InvalidInput(
                "Ce message ne peut pas aller dans cette boîte.", code="folder_mismatch"
            )
    else:
        folder = _own_folder(actor, destination)
    Delivery.objects.filter(pk=copy.pk).update(folder=folder, trashed_at=None)
    copy.folder, copy.trashed_at = folder, None
    return copy


def _own_folder(actor: Any, destination: str | int) -> Folder:
    try:
        folder_id = int(destination)
    except (TypeError, ValueError):
        raise InvalidInput("Dossier inconnu.", code="folder_unknown") from None
    folder = Folder.objects.filter(pk=folder_id, owner_id=actor.pk).first()
    if folder is None:
        raise InvalidInput("Dossier inconnu.", code="folder_unknown")
    return folder


def trash(actor: Any, message_id: int) -> Delivery:
    copy = own_copy(actor, message_id)
    authorize(policies, actor, "delete", copy)
    if copy.box == Delivery.Box.DRAFTS:
        _discard_draft(actor, copy)
        return copy
    copy.trashed_at = copy.trashed_at or timezone.now()
    Delivery.objects.filter(pk=copy.pk).update(trashed_at=copy.trashed_at)
    return copy


def delete(actor: Any, message_id: int) -> Delivery:
    """Out of the inbox: to the trash; already in the trash: gone for this person."""
    copy = own_copy(actor, message_id)
    authorize(policies, actor, "delete", copy)
    if copy.trashed_at is None:
        return trash(actor, message_id)
    copy.deleted_at = timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=copy.pk).update(deleted_at=copy.deleted_at)
        attachments.release_unheld(actor, [copy.message_id])
    return copy


def _discard_draft(actor: Any, copy: Delivery) -> None:
    with transaction.atomic():
        drafts = Message.objects.filter(
            pk=copy.message_id, sender_id=actor.pk, status=Message.Status.DRAFT
        )
        attachments.delete_messages(actor, drafts)


def empty_trash(actor: Any) -> int:
    trashed = policies.visible_to(actor).filter(trashed_at__isnull=False)
    with transaction.atomic():
        ids = list(trashed.values_list("message_id", flat=True))
        emptied = trashed.update(deleted_at=timezone.now())
        attachments.release_unheld(actor, ids)
    return emptied


def create_folder(actor: Any, name: str) -> Folder:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("Donnez un nom au dossier.", code="folder_name_required")
    if len(name) > 60:
        raise InvalidInput("Le nom du dossier dépasse 60 caractères.", code="folder_name_too_long")
    try:
        with transaction.atomic():
            folder = Folder.objects.create(owner=actor, name=name)
            audit(actor, "messaging.folder.created", folder, name=name)
    except IntegrityError:
        raise Conflict("Vous avez déjà un dossier de ce nom.", code="folder_exists") from None
    return folder


def delete_folder(actor: Any, folder_id: int) -> None:
    """Its messages go back to their box (inbox or sent); nothing is lost."""
    folder = _own_folder(actor, folder_id)
    with transaction.atomic():
        Delivery.objects.filter(folder=folder).update(folder=None)
        audit(actor, "messaging.folder.deleted", folder, name=folder.name)
        folder.delete()
