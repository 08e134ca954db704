"""Publishing mots, signing and answering them (all writes of the carnet's mots)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from preau.communication.reach import people_filter
from preau.communication.selectors import messaging_suspended_for, reach_of
from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.core.errors import InvalidInput
from preau.core.richtext import clean_rich_text
from preau.directory.models import ClassMembership, ParentLink, SchoolClass
from preau.directory.policies import get_scope
from preau.directory.schoolyear import current_school_year
from preau.liaison import errors, policies
from preau.liaison.models import Note, NoteRecipient
from preau.liaison.services import attachments as attachments_service
from preau.liaison.services.events import _publish_event
from preau.storage import services as storage
from preau.storage.models import StoredFile

MAX_CHOICES = 6


@dataclass(frozen=True)
class ReplySlip:
    question: str
    kind: str  # Note.ReplyKind
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Audience:
    class_ids: tuple[int, ...] = ()
    pupil_ids: tuple[int, ...] = ()
    school_id: int | None = None


def _clean_reply(reply: ReplySlip | None) -> ReplySlip | None:
    if reply is None:
        return None
    question = reply.question.strip()
    choices = tuple(dict.fromkeys(c.strip() for c in reply.choices if c.strip()))
    if not question:
        raise errors.InvalidReply("Écrivez la question du coupon-réponse.", field="reply")
    if reply.kind == Note.ReplyKind.CHOICES and not 2 <= len(choices) <= MAX_CHOICES:
        raise errors.InvalidReply(
            f"Proposez entre 2 et {MAX_CHOICES} choix différents.", field="reply"
        )
    if reply.kind not in (Note.ReplyKind.CHOICES, Note.ReplyKind.TEXT):
        raise errors.InvalidReply("Type de coupon-réponse inconnu.", field="reply")
    return ReplySlip(question[:300], reply.kind, choices if reply.kind == "choices" else ())


def _current_pupils() -> Any:
    return ClassMembership.objects.filter(
        role=ClassMembership.Role.ELEVE,
        ended_at__isnull=True,
        school_class__school_year=current_school_year(),
        school_class__archived_at__isnull=True,
    )


def _resolve_audience(
    ws: policies.WriteScope | None, audience: Audience
) -> tuple[str, int, list[int], list[tuple[int, int]]]:
    """(audience kind, school id, class ids, [(pupil id, class id)]) or a typed error.

    `ws` None is the system (demo seed): any class of the year."""
    if audience.school_id is not None:
        if ws is not None and audience.school_id not in ws.school_ids:
            raise errors.RecipientOutOfScope()
        rows = _current_pupils().filter(school_class__school_id=audience.school_id)
        pairs = list(rows.values_list("user_id", "school_class_id"))
        class_ids = sorted(
            SchoolClass.objects.filter(
                school_id=audience.school_id, school_year=current_school_year()
            ).values_list("pk", flat=True)
        )
        return Note.Audience.SCHOOL, audience.school_id, class_ids, pairs
    if audience.class_ids:
        classes = list(
            SchoolClass.objects.filter(
                pk__in=audience.class_ids,
                school_year=current_school_year(),
                archived_at__isnull=True,
            ).values_list("pk", "school_id")
        )
        _check_classes(ws, classes, set(audience.class_ids))
        ids = [pk for pk, _ in classes]
        rows = _current_pupils().filter(school_class_id__in=ids)
        return (
            Note.Audience.CLASSES,
            classes[0][1],
            ids,
            list(rows.values_list("user_id", "school_class_id")),
        )
    if audience.pupil_ids:
        found = list(
            _current_pupils()
            .filter(user_id__in=audience.pupil_ids)
            .values_list("user_id", "school_class_id", "school_class__school_id")
        )
        if {p for p, _, _ in found} != set(audience.pupil_ids):
            raise errors.RecipientOutOfScope("Certains élèves choisis ne sont dans aucune classe.")
        _check_classes(ws, [(c, s) for _, c, s in found], {c for _, c, _ in found})
        class_ids = sorted({c for _, c, _ in found})
        return Note.Audience.PUPILS, found[0][2], class_ids, [(p, c) for p, c, _ in found]
    raise errors.NoRecipient()


def _check_classes(ws: Any, classes: list[tuple[int, int]], wanted: set[int]) -> None:
    if {pk for pk, _ in classes} != wanted:
        raise errors.RecipientOutOfScope("Certaines classes choisies n'existent pas cette année.")
    if len({school for _, school in classes}) > 1:
        raise InvalidInput("Un mot s'adresse aux familles d'une seule école.", field="classes")
    if ws is None:
        return
    for pk, school in classes:
        if pk not in ws.class_ids and school not in ws.school_ids:
            raise errors.RecipientOutOfScope()


def _recipient_rows(actor: Any, pairs: list[tuple[int, int]]) -> list[NoteRecipient]:
    """(pupil, class) → rows with each legal representative the rules let `actor` reach."""
    pupil_class = dict(pairs)
    links = ParentLink.objects.filter(child_id__in=list(pupil_class), parental_authority=True)
    if actor is not None:
        who = people_filter(reach_of(actor))
        allowed = get_user_model().objects.filter(who) if who is not None else None
        links = links.filter(parent_id__in=allowed.values("pk")) if allowed else links.none()
    parents: dict[int, list[int]] = {}
    for child_id, parent_id in links.values_list("child_id", "parent_id"):
        parents.setdefault(child_id, []).append(parent_id)
    return [
        NoteRecipient(pupil_id=pupil_id, parent_id=parent_id, school_class_id=class_id)
        for pupil_id, class_id in sorted(pupil_class.items())
        for parent_id in _or_none(sorted(parents.get(pupil_id, [])))
    ]


def _or_none(ids: list[int]) -> list[int | None]:
    return list(ids) or [None]


def publish_note(
    actor: Any,
    *,
    title: str,
    body: str,
    audience: Audience,
    requires_signature: bool = False,
    reply: ReplySlip | None = None,
    attachments: Sequence[Any] = (),
    documents: Sequence[int] = (),
) -> Note:
    """Publish a mot to the families of classes, of the school or of chosen pupils.

    `attachments` are uploaded files, `documents` ids of the author's documents (copied)."""
    ws = None
    if actor is not None:
        ws = policies.write_scope(actor, get_scope(actor))
        authorize(policies, actor, "write", ws)
        if messaging_suspended_for(actor) is not None:
            raise errors.CommunicationSuspended()
    title, clean_body = title.strip(), clean_rich_text(body)
    if not title:
        raise InvalidInput("Donnez un titre au mot.", field="title")
    if not clean_body:
        raise InvalidInput("Écrivez le texte du mot.", field="body")
    reply = _clean_reply(reply)
    kind, school_id, class_ids, pairs = _resolve_audience(ws, audience)
    if not pairs:
        raise errors.NoRecipient("Aucun élève dans les classes choisies.")
    rows = _recipient_rows(actor, pairs)
    joined = attachments_service.readable_documents(actor, documents)
    attachments_service.check_count(attachments, joined)
    kept: list[StoredFile] = []
    try:
        with transaction.atomic():
            note = Note.objects.create(
                author=actor,
                school_id=school_id,
                title=title[:200],
                body=clean_body,
                audience=kind,
                requires_signature=requires_signature,
                reply_kind=reply.kind if reply else "",
                reply_question=reply.question if reply else "",
                reply_choices=list(reply.choices) if reply else [],
            )
            note.classes.set(class_ids)
            for row in rows:
                row.note = note
            NoteRecipient.objects.bulk_create(rows)
            attachments_service.attach(actor, note, attachments, joined, kept)
            audit(
                actor,
                "liaison.note.publish",
                note,
                pupils=len(pairs),
                rows=len(rows),
                attachments=len(kept),
            )
            _publish_event(
                actor,
                "liaison.note_published",
                note,
                [r.parent_id for r in rows] + [r.pupil_id for r in rows],
            )
    except BaseException:
        storage.forget_bytes(kept)
        raise
    return note


def _own_rows(actor: Any, note: Note, pupil_id: int | None) -> Any:
    rows = NoteRecipient.objects.filter(note=note, parent_id=actor.pk)
    return rows.filter(pupil_id=pupil_id) if pupil_id is not None else rows


def sign_note(actor: Any, note: Note, pupil_id: int | None = None) -> list[int]:
    """The representative signs for their child (or each of their children the mot concerns)."""
    if not policies.note_abilities(actor, note)["sign"]:
        raise errors.NothingToSign()
    with transaction.atomic():
        rows = list(_own_rows(actor, note, pupil_id).select_for_update())
        if not rows:
            raise errors.NothingToSign()
        fresh = [r for r in rows if r.signed_at is None]
        now = timezone.now()
        NoteRecipient.objects.filter(pk__in=[r.pk for r in fresh]).update(signed_at=now)
        if fresh:
            pupils = sorted({r.pupil_id for r in fresh})
            audit(actor, "liaison.note.sign", note, pupils=pupils)
            _publish_event(actor, "liaison.note_signed", note, [note.author_id])
    return sorted({r.pupil_id for r in rows})


def answer_note(actor: Any, note: Note, answer: str, pupil_id: int | None = None) -> list[int]:
    """The representative fills in the reply slip (editable until they change it again)."""
    if not policies.note_abilities(actor, note)["answer"]:
        raise errors.InvalidReply("Ce mot n'a pas de coupon-réponse pour vous.")
    answer = (answer or "").strip()
    if note.reply_kind == Note.ReplyKind.CHOICES and answer not in note.reply_choices:
        raise errors.InvalidReply("Choisissez l'une des réponses proposées.", field="answer")
    if not answer or len(answer) > 2000:
        raise errors.InvalidReply("Écrivez une réponse (2 000 caractères au plus).", field="answer")
    with transaction.atomic():
        rows = _own_rows(actor, note, pupil_id)
        pupils = sorted(set(rows.values_list("pupil_id", flat=True)))
        if not pupils:
            raise errors.InvalidReply("Ce mot ne vous est pas adressé pour cet enfant.")
        rows.update(answer=answer, answered_at=timezone.now())
        audit(actor, "liaison.note.answer", note, pupils=pupils)
        _publish_event(actor, "liaison.note_answered", note, [note.author_id])
    return pupils
