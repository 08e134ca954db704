"""What the carnet publishes to the fil de nouveautés (preau.timeline).

Titles are generic on purpose: the timeline may mail them, and a mail never carries what a family
or a pupil wrote, only where to read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.urls import reverse

from preau.timeline.services import publish

TITLES = {
    "liaison.note_published": "Un nouveau mot dans le carnet de liaison",
    "liaison.note_signed": "Un mot du carnet a été signé",
    "liaison.note_answered": "Une famille a répondu à un mot du carnet",
    "liaison.reminder_sent": "Un mot du carnet attend votre signature",
    "liaison.parent_message": "Un parent vous a écrit dans le carnet de liaison",
    "liaison.parent_message_acknowledged": "Votre mot a été pris en compte",
}
URL_NAMES = {"Note": "liaison:note", "ParentMessage": "liaison:message"}


def _publish_event(
    actor: Any, kind: str, target: models.Model, recipient_ids: Iterable[int | None]
) -> None:
    """Publish `kind` about `target` to `recipient_ids` (call inside the write; sent on commit)."""
    recipients = sorted({int(pk) for pk in recipient_ids if pk is not None})
    if not recipients:
        return
    url = reverse(URL_NAMES[type(target).__name__], args=[target.pk])
    publish(kind, actor=actor, title=TITLES[kind], url=url, users=recipients)
