"""Messagerie API (issue 6): send, list a folder, read (marks read), move, delete, moderate."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponseBase
from ninja import Field, Query, Router, Schema, Status

from preau.core.errors import NotFound
from preau.messaging import policies, selectors
from preau.messaging.models import Delivery, Message
from preau.messaging.services import compose, mailbox, moderation
from preau.storage.downloads import file_response
from preau.storage.schemas import AttachmentOut, attachment_out

router = Router(tags=["messagerie"])

RecipientRef = int | str | dict[str, Any]


class MessageIn(Schema):
    to: list[RecipientRef] = Field(
        ...,
        description=(
            'Destinataires : identifiants de personnes (`12` ou `"person:12"`) et de groupes '
            '(`"group:7"` ou `{"type": "group", "id": 7}`), pris dans /communication/visible.'
        ),
    )
    subject: str = Field("", max_length=200)
    body: str = Field("", description="Texte, en HTML simple (nettoyé par le serveur) ou brut.")
    body_format: Literal["html", "text"] = "html"
    attachments: list[int] = Field(
        default_factory=list,
        max_length=10,
        description=(
            "Identifiants de documents de l'espace documentaire que l'on peut lire : ils sont "
            "copiés avec le message (comptés dans l'espace de l'expéditeur)."
        ),
    )
    in_reply_to: int | None = Field(
        None, description="Message auquel on répond ou qu'on transfère."
    )
    mode: Literal["new", "reply", "reply_all", "forward"] = "new"


class CreatedOut(Schema):
    id: int
    status: str = Field(
        description="`sent`, ou `pending` s'il attend la validation de l'enseignant."
    )


class ErrorOut(Schema):
    error: str
    message: str


@router.post(
    "/messages",
    response={
        201: CreatedOut,
        403: ErrorOut,
        404: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: ErrorOut,
    },
    summary="Envoyer un message",
)
def send(request: HttpRequest, payload: MessageIn) -> Status:
    """Refusé (403) avec `communication_forbidden` hors des règles de l'école, ou
    `messaging_suspended` pendant une suspension de la messagerie ; (404) `document_not_found`
    pour une pièce jointe introuvable ou illisible ; (413) `quota_exceeded` ou `file_too_large`."""
    message = compose.send(
        request.user,
        to=payload.to,
        subject=payload.subject,
        body=payload.body,
        body_format=payload.body_format,
        in_reply_to_id=payload.in_reply_to,
        mode=payload.mode,
        attachments=payload.attachments,
    )
    return Status(201, {"id": message.pk, "status": message.status})


class Person(Schema):
    id: int
    display_name: str


class SummaryOut(Schema):
    id: int
    subject: str
    from_: Person = Field(..., alias="from")
    date: dt.datetime
    unread: bool
    status: str


class ListOut(Schema):
    results: list[SummaryOut]
    unread: int


class ListQuery(Schema):
    folder: str = Field("inbox", description="inbox, sent, drafts, trash ou l'id d'un dossier.")
    q: str = Field("", max_length=100, description="Recherche dans ses propres messages.")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=200)


def _summary(copy: Delivery) -> dict[str, object]:
    message = copy.message
    return {
        "id": message.pk,
        "subject": message.subject,
        "from": {"id": message.sender.pk, "display_name": message.sender.display_name},
        "date": copy.date,
        "unread": copy.unread,
        "status": message.status,
    }


@router.get("/messages", response=ListOut, by_alias=True, summary="Lister un dossier")
def list_messages(request: HttpRequest, params: Query[ListQuery]) -> dict[str, object]:
    folder: str | int = params.folder
    if folder not in ("inbox", "sent", "drafts", "trash"):
        try:
            folder = int(folder)
        except ValueError:
            raise NotFound("Dossier inconnu.") from None
    copies = selectors.mailbox(request.user, folder, query=params.q, limit=params.limit)
    return {
        "results": [_summary(c) for c in copies],
        "unread": selectors.unread_count(request.user),
    }


class DetailOut(SummaryOut):
    body: str
    attachments: list[AttachmentOut]
    to: list[Person]
    to_groups: list[Person]
    folder: str
    abilities: dict[str, bool]
    receipts: dict[str, int] | None


@router.get("/messages/{message_id}", response=DetailOut, by_alias=True, summary="Lire un message")
def read(request: HttpRequest, message_id: int) -> dict[str, object]:
    """Lire un message le marque comme lu."""
    copy = mailbox.mark_read(request.user, message_id)
    message = copy.message
    who = selectors.addressees(message)
    abilities = policies.get_abilities(request.user, copy)
    receipts = None
    if abilities["see_receipts"]:
        counts = selectors.receipts(message)
        receipts = {"total": counts.total, "read": counts.read}
    return {
        **_summary(copy),
        "unread": False,
        "body": message.body,
        "to": [{"id": p.pk, "display_name": p.display_name} for p in who.people],
        "to_groups": [{"id": g.pk, "display_name": g.name} for g in who.groups],
        "folder": _folder_of(copy),
        "abilities": abilities,
        "receipts": receipts,
        "attachments": [_attachment(message.pk, a) for a in selectors.attachments(message)],
    }


def _attachment(message_id: int, attachment: Any) -> dict[str, object]:
    url = f"/api/v1/messages/{message_id}/attachments/{attachment.pk}"
    return attachment_out(attachment.pk, attachment.file, url)


@router.get(
    "/messages/{message_id}/attachments/{attachment_id}",
    response={404: ErrorOut},
    summary="Télécharger une pièce jointe",
)
def download(request: HttpRequest, message_id: int, attachment_id: int) -> HttpResponseBase:
    """Réservé à qui détient un exemplaire du message (expéditeur, destinataires)."""
    attachment = selectors.attachment_for(request.user, message_id, attachment_id)
    if attachment is None:
        raise NotFound("Cette pièce jointe n'existe pas ou ne vous est pas accessible.")
    return file_response(request, attachment.file, download=True)


def _folder_of(copy: Delivery) -> str:
    if copy.trashed_at is not None:
        return "trash"
    return str(copy.folder_id) if copy.folder_id else copy.box


class MoveIn(Schema):
    folder: str = Field(..., description="inbox, sent, trash ou l'id d'un dossier personnel.")


class FolderOut(Schema):
    id: int
    folder: str


@router.post("/messages/{message_id}/move", response=FolderOut, summary="Déplacer un message")
def move(request: HttpRequest, message_id: int, payload: MoveIn) -> dict[str, object]:
    copy = mailbox.move(request.user, message_id, payload.folder)
    return {"id": message_id, "folder": _folder_of(copy)}


@router.delete(
    "/messages/{message_id}", response=FolderOut, summary="Supprimer (corbeille, puis définitif)"
)
def delete(request: HttpRequest, message_id: int) -> dict[str, object]:
    copy = mailbox.delete(request.user, message_id)
    return {"id": message_id, "folder": "deleted" if copy.deleted_at else "trash"}


class StatusOut(Schema):
    id: int
    status: str


@router.post(
    "/messages/{message_id}/approve", response=StatusOut, summary="Valider le message d'un élève"
)
def approve(request: HttpRequest, message_id: int) -> dict[str, object]:
    message = moderation.approve(request.user, message_id)
    return {"id": message.pk, "status": message.status}


@router.post(
    "/messages/{message_id}/reject", response=StatusOut, summary="Refuser le message d'un élève"
)
def reject(request: HttpRequest, message_id: int) -> dict[str, object]:
    message: Message = moderation.reject(request.user, message_id)
    return {"id": message.pk, "status": message.status}
