"""Carnet de liaison API (issue 7): publish, list, read, sign, answer, remind."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from preau.core.errors import NotFound, PermissionDenied
from preau.liaison import policies, selectors, services
from preau.liaison.models import Note
from preau.storage.schemas import AttachmentOut, attachment_out

router = Router(tags=["carnet de liaison"])


class ReplyIn(Schema):
    question: str = Field(..., max_length=300)
    kind: Literal["choices", "text"]
    choices: list[str] = Field(default_factory=list, max_length=6)


class NoteIn(Schema):
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=20_000, description="Texte riche (HTML nettoyé).")
    classes: list[int] = Field(default_factory=list, max_length=50)
    pupils: list[int] = Field(default_factory=list, max_length=1000)
    school: int | None = Field(None, description="Toute l'école (direction seulement).")
    requires_signature: bool = False
    reply: ReplyIn | None = None
    attachments: list[int] = Field(
        default_factory=list,
        max_length=10,
        description="Ids de documents de mon espace documentaire, copiés dans le mot.",
    )


class CreatedOut(Schema):
    id: int


class SignIn(Schema):
    pupil: int | None = Field(None, description="L'enfant pour qui signer ; tous sinon.")


class AnswerIn(SignIn):
    answer: str = Field(..., max_length=2000)


class PupilsOut(Schema):
    pupils: list[int]


class ListQuery(Schema):
    child: int | None = Field(None, description="Pour un parent : un seul enfant.")


class SignaturesOut(Schema):
    expected: int
    signed: int


class ReplyOut(Schema):
    question: str
    kind: str
    choices: list[str]


class NoteOut(Schema):
    id: int
    title: str
    body: str
    author: str
    created_at: datetime
    requires_signature: bool
    reply: ReplyOut | None
    child: int | None = None
    signed_at: datetime | None = None
    answer: str = ""
    signatures: SignaturesOut | None = None
    attachments: list[AttachmentOut] | None = None


class NotesOut(Schema):
    written: list[NoteOut]
    received: list[NoteOut]


class ReminderOut(Schema):
    id: int


def _note_out(note: Note, **extra: Any) -> dict[str, Any]:
    reply = None
    if note.reply_kind:
        reply = {
            "question": note.reply_question,
            "kind": note.reply_kind,
            "choices": note.reply_choices,
        }
    return {
        "id": note.pk,
        "title": note.title,
        "body": note.body,
        "author": note.author.display_name,
        "created_at": note.created_at,
        "requires_signature": note.requires_signature,
        "reply": reply,
        **extra,
    }


def _attachments_out(note: Note) -> list[dict[str, Any]]:
    return [
        attachment_out(a.pk, a.file, reverse("liaison:attachment", args=[note.pk, a.pk]))
        for a in selectors.attachments_of(note)
    ]


def _visible_note(request: HttpRequest, note_id: int) -> tuple[Note, dict[str, bool]]:
    note = selectors.get_note(note_id)
    if note is None:
        raise NotFound()
    abilities = policies.note_abilities(request.user, note)
    if not abilities["view"]:
        raise NotFound()
    return note, abilities


@router.post(
    "/liaison/notes",
    response={201: CreatedOut},
    summary="Publier un mot aux familles",
)
def create_note(request: HttpRequest, payload: NoteIn) -> Status:
    """Aux familles de classes, d'élèves choisis ou de toute l'école ; signature et coupon."""
    reply = None
    if payload.reply is not None:
        reply = services.ReplySlip(
            payload.reply.question, payload.reply.kind, tuple(payload.reply.choices)
        )
    note = services.publish_note(
        request.user,
        title=payload.title,
        body=payload.body,
        audience=services.Audience(
            class_ids=tuple(payload.classes),
            pupil_ids=tuple(payload.pupils),
            school_id=payload.school,
        ),
        requires_signature=payload.requires_signature,
        reply=reply,
        documents=payload.attachments,
    )
    return Status(201, {"id": note.pk})


@router.get("/liaison/notes", response=NotesOut, summary="Mes mots (par enfant pour un parent)")
def list_notes(request: HttpRequest, params: Query[ListQuery]) -> dict[str, Any]:
    user = request.user
    written = [
        _note_out(n, signatures={"expected": n.expected, "signed": n.signed})  # type: ignore[attr-defined]
        for n in selectors.written_by(user).select_related("author")
    ]
    received = [
        _note_out(r.note, child=r.child_id, signed_at=r.signed_at, answer=r.answer)
        for r in selectors.received_by_parent(user, params.child)
    ]
    if params.child is None:
        received += [_note_out(n, child=user.pk) for n in selectors.received_by_pupil(user)]
    return {"written": written, "received": received}


@router.get("/liaison/notes/{note_id}", response=NoteOut, summary="Un mot")
def get_note(request: HttpRequest, note_id: int) -> dict[str, Any]:
    """Pour son auteur (et la direction) : `signatures` = élèves attendus / signés.
    `attachments` : les pièces jointes, à télécharger à leur `url` (lecteurs du mot seulement)."""
    note, abilities = _visible_note(request, note_id)
    extra: dict[str, Any] = {"attachments": _attachments_out(note)}
    if abilities["follow"]:
        extra["signatures"] = selectors.signature_counts(note)
    return _note_out(note, **extra)


@router.post("/liaison/notes/{note_id}/sign", response=PupilsOut, summary="Signer un mot")
def sign(request: HttpRequest, note_id: int, params: Query[SignIn]) -> dict[str, Any]:
    """`?pupil=<id>` signe pour un enfant ; sans lui, pour chacun de vos enfants concernés."""
    note, _ = _visible_note(request, note_id)
    return {"pupils": services.sign_note(request.user, note, params.pupil)}


@router.post("/liaison/notes/{note_id}/reply", response=PupilsOut, summary="Répondre au coupon")
def answer(request: HttpRequest, note_id: int, payload: AnswerIn) -> dict[str, Any]:
    note, _ = _visible_note(request, note_id)
    return {"pupils": services.answer_note(request.user, note, payload.answer, payload.pupil)}


@router.post(
    "/liaison/notes/{note_id}/reminders",
    response={202: ReminderOut},
    summary="Relancer les familles qui n'ont pas signé",
)
def remind(request: HttpRequest, note_id: int) -> Status:
    note, abilities = _visible_note(request, note_id)
    if not abilities["follow"]:
        raise PermissionDenied()
    reminder = services.send_reminder(request.user, note)
    return Status(202, {"id": reminder.pk})
