"""A parent's mot to a teacher about their child, and the teacher's acknowledgement."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from preau.communication.selectors import can_communicate
from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.core.errors import InvalidInput
from preau.core.richtext import clean_rich_text
from preau.liaison import errors, policies
from preau.liaison.models import ParentMessage
from preau.liaison.services.events import _publish_event


def write_to_teacher(
    actor: Any, *, child_id: int, teacher_id: int, title: str, body: str
) -> ParentMessage:
    """The parent writes to one of their child's current teachers (rules checked at send time)."""
    teacher = policies.teachers_of_child(actor, child_id).filter(pk=teacher_id).first()
    if teacher is None or not can_communicate(actor, teacher):
        raise errors.TeacherNotReachable()
    title, clean_body = title.strip(), clean_rich_text(body)
    if not title:
        raise InvalidInput("Donnez un objet à votre mot.", field="title")
    if not clean_body:
        raise InvalidInput("Écrivez le texte de votre mot.", field="body")
    with transaction.atomic():
        message = ParentMessage.objects.create(
            author=actor, pupil_id=child_id, teacher=teacher, title=title[:200], body=clean_body
        )
        audit(actor, "liaison.message.write", message, pupil=child_id, teacher=teacher.pk)
        _publish_event(actor, "liaison.parent_message", message, [teacher.pk])
    return message


def acknowledge(actor: Any, message: ParentMessage) -> ParentMessage:
    authorize(policies, actor, "acknowledge", message)
    with transaction.atomic():
        message.acknowledged_at = timezone.now()
        message.save(update_fields=["acknowledged_at"])
        audit(actor, "liaison.message.acknowledge", message)
        _publish_event(actor, "liaison.parent_message_acknowledged", message, [message.author_id])
    return message
