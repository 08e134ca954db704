"""Writing: drafts (autosaved), sending, replying, forwarding.

A send validates the content, refuses while the kill switch covers the sender, asks the
communication rules for every recipient at once, then either fans out (sent) or waits for the
class teacher's validation (pending, when the pupil's class requires it). On PostgreSQL, a plain
send (no draft, attachment, forward or moderation) writes everything in one statement
(`one_statement`, ADR 0055); the ORM path below writes the same rows everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from preau.core.audit import audit
from preau.core.errors import InvalidInput, NotFound
from preau.directory.models import ClassMembership
from preau.messaging import recipients as rcpt
from preau.messaging.models import ClassModeration, Delivery, Message
from preau.messaging.sanitize import MAX_BODY_CHARS, clean_html, plain_text, text_to_html
from preau.messaging.services import attachments as atts
from preau.messaging.services import fanout, one_statement
from preau.timeline import services as timeline

MAX_SUBJECT = 200


def _content(subject: str, body: str, body_format: str) -> tuple[str, str]:
    subject = " ".join((subject or "").split())
    if len(subject) > MAX_SUBJECT:
        raise InvalidInput(f"L'objet dépasse {MAX_SUBJECT} caractères.", code="subject_too_long")
    if len(body or "") > MAX_BODY_CHARS:
        raise InvalidInput("Le message est trop long.", code="body_too_long")
    cleaned = clean_html(body) if body_format == "html" else text_to_html(body)
    return subject, cleaned


def _original(actor: Any, message_id: int | None) -> tuple[Message | None, Any]:
    """The message answered or forwarded, and its author when `actor` received it."""
    if message_id is None:
        return None, None
    copy = (
        Delivery.objects.filter(message_id=message_id, user_id=actor.pk, deleted_at__isnull=True)
        .select_related("message__sender")
        .first()
    )
    if copy is None:
        raise NotFound(
            "Le message auquel vous répondez n'existe pas ou ne vous est pas accessible."
        )
    received = copy.box == Delivery.Box.INBOX
    return copy.message, copy.message.sender if received else None


def _own_draft(actor: Any, draft_id: int | None) -> Message | None:
    if draft_id is None:
        return None
    draft = (
        Message.objects.select_for_update()
        .filter(pk=draft_id, sender_id=actor.pk, status=Message.Status.DRAFT)
        .first()
    )
    if draft is None:
        raise NotFound("Ce brouillon n'existe plus.")
    return draft


def save_draft(
    actor: Any,
    *,
    draft_id: int | None = None,
    to: Sequence[Any] = (),
    subject: str = "",
    body: str = "",
    body_format: str = "html",
    in_reply_to_id: int | None = None,
    mode: str = Message.Mode.NEW,
) -> Message:
    """Create or update the actor's draft (autosave); recipients are checked at send time."""
    subject, cleaned = _content(subject, body, body_format)
    choice = rcpt.parse(to)
    original, _ = _original(actor, in_reply_to_id)
    now = timezone.now()
    with transaction.atomic():
        draft = _own_draft(actor, draft_id) or Message(sender=actor, created_at=now)
        _fill(draft, choice, subject, cleaned, original, mode)
        draft.save()
        Delivery.objects.update_or_create(
            message=draft,
            user=actor,
            defaults={"box": Delivery.Box.DRAFTS, "date": now, "read_at": now},
        )
    return draft


def _fill(
    message: Message,
    choice: rcpt.Choice,
    subject: str,
    body: str,
    original: Message | None,
    mode: str,
) -> None:
    if mode not in Message.Mode.values:
        raise InvalidInput("Type de message inconnu.", code="mode_unknown")
    message.to_users = list(choice.people)
    message.to_groups = list(choice.groups)
    message.subject = subject
    message.body = body
    message.body_text = plain_text(body)
    message.mode = mode
    if original is not None:
        message.in_reply_to = original
        message.thread_id = original.thread_id or original.pk


def moderation_class_for(sender: Any, context: Any) -> int | None:
    """The sender's current class whose teacher validates pupils' messages, if any.

    `context` is the sender's communication context, already loaded by the rules' check: only
    a pupil's classes are looked up (no query for anyone else)."""
    pupil_classes = sorted(
        class_id for class_id, role, _ in context.own_classes if role == ClassMembership.Role.ELEVE
    )
    if not pupil_classes:
        return None
    return (
        ClassModeration.objects.filter(enabled=True, school_class_id__in=pupil_classes)
        .values_list("school_class_id", flat=True)
        .order_by("school_class_id")
        .first()
    )


def send(
    actor: Any,
    *,
    to: Sequence[Any],
    subject: str,
    body: str,
    body_format: str = "html",
    draft_id: int | None = None,
    in_reply_to_id: int | None = None,
    mode: str = Message.Mode.NEW,
    attachments: Sequence[int] = (),
) -> Message:
    """Send now (or hold for moderation). Nothing is written when anything is refused.

    `attachments` are ids of documents the sender may read (copied, charged to the sender); a
    forward keeps the original's attachments, a draft those uploaded while writing it."""
    subject, cleaned = _content(subject, body, body_format)
    if not cleaned and not subject:
        raise InvalidInput("Écrivez un objet ou un texte.", code="message_empty")
    choice = rcpt.parse(to)
    if not choice:
        raise InvalidInput("Choisissez au moins un destinataire.", code="recipients_required")
    original, author = _original(actor, in_reply_to_id)
    reply_to_author = (
        author if mode == Message.Mode.REPLY or mode == Message.Mode.REPLY_ALL else None
    )
    context = rcpt.authorise(actor, choice, replying_to=reply_to_author)
    documents = atts.readable_documents(actor, attachments) if attachments else []
    moderation_class = moderation_class_for(actor, context)
    now = timezone.now()
    forward = mode == Message.Mode.FORWARD and original is not None
    if one_statement.applies(
        draft=draft_id is not None,
        attachments=bool(attachments),
        forward=forward,
        moderated=moderation_class is not None,
    ):
        message = Message(sender=actor, created_at=now, sent_at=now, status=Message.Status.SENT)
        _fill(message, choice, subject, cleaned, original, mode)
        return one_statement.write(message, choice.as_tokens())
    with atts.staged(actor) as files:
        atts.copy_documents(actor, documents, files)
        if forward and original is not None:
            atts.copy_from_message(actor, original, files)
        with transaction.atomic():
            message = _own_draft(actor, draft_id) or Message(sender=actor, created_at=now)
            _fill(message, choice, subject, cleaned, original, mode)
            message.sent_at = now
            message.moderation_class_id = moderation_class
            message.status = Message.Status.PENDING if moderation_class else Message.Status.SENT
            message.save()
            atts.link(message, files)
            _sender_copy(message, actor, now, was_draft=draft_id is not None)
            if moderation_class:
                _ask_for_validation(actor, message)
            else:
                fanout.dispatch(message)
            tokens = choice.as_tokens()
            audit(actor, f"messaging.message.{message.status}", message, recipients=tokens)
    return message


def _sender_copy(message: Message, actor: Any, now: Any, *, was_draft: bool) -> None:
    """The sender's own copy, in "sent" (the draft's copy moves there)."""
    if was_draft:
        Delivery.objects.filter(message=message, user=actor).update(
            box=Delivery.Box.SENT, date=now, read_at=now
        )
    else:
        Delivery.objects.create(
            message=message, user=actor, box=Delivery.Box.SENT, date=now, read_at=now
        )


def _ask_for_validation(actor: Any, message: Message) -> None:
    from django.urls import reverse

    teachers = ClassMembership.objects.filter(
        school_class_id=message.moderation_class_id,
        role=ClassMembership.Role.ENSEIGNANT,
        ended_at__isnull=True,
    ).values_list("user_id", flat=True)
    timeline.publish(
        "messaging.moderation",
        actor=actor,
        title=f"Un message de {actor.display_name} attend votre validation",
        url=reverse("messaging:moderation"),
        users=list(teachers),
    )
