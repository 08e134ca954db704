"""Reminders to the families who have not signed a mot: an e-mail with a link, never content."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.liaison import errors, policies
from preau.liaison.models import Note, NoteRecipient, Reminder
from preau.liaison.services.events import _publish_event

SUBJECT = "Préau — un mot du carnet de liaison attend votre signature"


def unsigned_rows(note: Note) -> Any:
    """Representatives of pupils for whom nobody has signed yet (one signature suffices)."""
    signed = NoteRecipient.objects.filter(
        note_id=note.pk, pupil_id=OuterRef("pupil_id"), signed_at__isnull=False
    )
    return NoteRecipient.objects.filter(note=note, parent__isnull=False).exclude(Exists(signed))


def send_reminder(actor: Any, note: Note) -> Reminder:
    """Record a reminder and mail each unsigned family once it is committed (task, by id)."""
    from preau.liaison import tasks

    authorize(policies, actor, "remind", note)
    interval = dt.timedelta(hours=settings.PREAU_LIAISON_REMINDER_INTERVAL_HOURS)
    with transaction.atomic():
        Note.objects.select_for_update().filter(pk=note.pk).first()
        last = note.reminders.order_by("-created_at").first()
        if last is not None and timezone.now() - last.created_at < interval:
            raise errors.ReminderTooSoon()
        parent_ids = sorted(set(unsigned_rows(note).values_list("parent_id", flat=True)))
        if not parent_ids:
            raise errors.NothingToSign("Toutes les familles ont déjà signé ce mot.")
        reminder = Reminder.objects.create(note=note, sent_by=actor)
        audit(actor, "liaison.note.remind", note, reminder=reminder.pk, parents=len(parent_ids))
        _publish_event(actor, "liaison.reminder_sent", note, parent_ids)
        transaction.on_commit(lambda: tasks.deliver_reminder.enqueue(reminder.pk))
    return reminder


def note_url(note: Note) -> str:
    return settings.PREAU_PUBLIC_URL.rstrip("/") + reverse("liaison:note", args=[note.pk])


def deliver_reminder(reminder_id: int) -> int:
    """Mail every family still unsigned that this reminder has not reached yet. Idempotent."""
    reminder = Reminder.objects.select_related("note").filter(pk=reminder_id).first()
    if reminder is None:
        return 0
    note = reminder.note
    body = (
        "Bonjour,\n\nUn mot du carnet de liaison de l'école attend votre signature.\n"
        f"Pour le lire et le signer, connectez-vous : {note_url(note)}\n\n"
        "Ce message est envoyé automatiquement ; n'y répondez pas."
    )
    pending = (
        unsigned_rows(note)
        .exclude(last_reminder_id=reminder.pk)
        .select_related("parent")
        .order_by("parent_id")
    )
    sent: set[int] = set()
    for row in pending:
        parent = row.parent
        if parent is not None and parent.pk not in sent and parent.email and parent.is_active:
            send_mail(SUBJECT, body, None, [parent.email])
            sent.add(parent.pk)
        NoteRecipient.objects.filter(pk=row.pk).update(last_reminder=reminder)
    return len(sent)
