"""Background work of the fil de nouveautés: delivery, immediate mails, daily digest, badges."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from preau.core.scheduling import VISIBLE_FIRST, Periodic
from preau.timeline import live, notifications, pending, services


@task(priority=VISIBLE_FIRST)
def deliver_event(event_id: int) -> int:
    """One feed entry per person of the event's audience (idempotent, resumable)."""
    return services.deliver(event_id)


@task()
def send_due_notifications() -> int:
    """Immediate mails and live badges of every event due for them, claimed in batches: one run
    for all the sends of the moment; running it twice mails nobody twice (ADR 0063)."""
    return pending.send_due()


@task()
def notify_event(event_id: int) -> int:
    """One event's immediate mails and live badges. No longer enqueued (ADR 0063): kept for the
    tasks the previous release left in the queue."""
    sent = notifications.send_immediate(event_id)
    if live.enabled():
        live.push_badges(pending.badge_users([event_id]))
    return sent


@task()
def send_daily_digests(day: str | None = None) -> int:
    """The digest of `day` (ISO date, default yesterday); running it twice sends nothing twice."""
    when = dt.date.fromisoformat(day) if day else timezone.localdate() - dt.timedelta(days=1)
    return notifications.send_digests(when)


# Yesterday's digests every morning (PREAU_DIGEST_AT, local time), enqueued by `run_scheduler`.
SCHEDULE = [
    Periodic(
        "timeline.daily_digests",
        send_daily_digests,
        at=dt.time.fromisoformat(settings.PREAU_DIGEST_AT),
    )
]
