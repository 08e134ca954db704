"""Retention: copies left in the trash longer than `PREAU_MESSAGING_TRASH_DAYS` are deleted.

A daily catch-up pass (scheduler, ADR 0030): it looks at dates, so running it twice, or after a
missed day, deletes nothing more than it should. Deleting a copy is what the person would do
from their trash; files of messages nobody holds any more are freed (ADR 0037).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from preau.core.audit import audit
from preau.messaging.models import Delivery
from preau.messaging.services import attachments

BATCH = 5000


def purge_old_trash(now: dt.datetime | None = None) -> int:
    """Delete copies trashed before the retention delay, in batches; returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.PREAU_MESSAGING_TRASH_DAYS)
    old = Delivery.objects.filter(trashed_at__lt=cutoff, deleted_at__isnull=True)
    purged = 0
    while rows := list(old.order_by("pk").values_list("pk", "message_id")[:BATCH]):
        with transaction.atomic():
            Delivery.objects.filter(pk__in=[pk for pk, _ in rows]).update(deleted_at=now)
            attachments.release_unheld(None, sorted({m for _, m in rows}))
        purged += len(rows)
    if purged:
        audit(None, "messaging.trash_purged", None, copies=purged, before=cutoff.isoformat())
    return purged
