"""Moderation: a teacher makes the class's pupils' messages wait, then validates or refuses them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.core.errors import NotFound
from preau.directory.models import SchoolClass
from preau.messaging import policies
from preau.messaging.models import ClassModeration, Message
from preau.messaging.services import fanout
from preau.timeline import services as timeline


def set_class_moderation(actor: Any, school_class: SchoolClass, enabled: bool) -> ClassModeration:
    authorize(policies, actor, "set_moderation", school_class)
    with transaction.atomic():
        setting, _ = ClassModeration.objects.update_or_create(
            school_class=school_class, defaults={"enabled": bool(enabled), "updated_by": actor}
        )
        audit(actor, "messaging.moderation.changed", school_class, enabled=bool(enabled))
    return setting


def _pending(actor: Any, message_id: int) -> Message:
    message = (
        Message.objects.select_for_update()
        .filter(pk=message_id, status=Message.Status.PENDING)
        .select_related("sender")
        .first()
    )
    if message is None:
        raise NotFound("Ce message n'attend plus de validation.")
    authorize(policies, actor, "moderate", message)
    return message


def approve(actor: Any, message_id: int) -> Message:
    """The message leaves now, to the recipients the pupil chose (checked when it was written)."""
    with transaction.atomic():
        message = _pending(actor, message_id)
        message.status = Message.Status.SENT
        message.sent_at = timezone.now()
        message.moderated_by, message.moderated_at = actor, timezone.now()
        message.save(update_fields=["status", "sent_at", "moderated_by", "moderated_at"])
        fanout.dispatch(message)
        _tell_pupil(actor, message, "Votre message a été validé par votre enseignant")
        audit(actor, "messaging.message.approved", message)
    return message


def reject(actor: Any, message_id: int) -> Message:
    with transaction.atomic():
        message = _pending(actor, message_id)
        message.status = Message.Status.REJECTED
        message.moderated_by, message.moderated_at = actor, timezone.now()
        message.save(update_fields=["status", "moderated_by", "moderated_at"])
        _tell_pupil(actor, message, "Votre message n'a pas été envoyé par votre enseignant")
        audit(actor, "messaging.message.rejected", message)
    return message


def _tell_pupil(actor: Any, message: Message, title: str) -> None:
    timeline.publish(
        "messaging.moderated",
        actor=actor,
        title=title,
        url=reverse("messaging:read", args=[message.pk]),
        users=[message.sender_id],
    )
