"""Background work of the fil de nouveautés: delivery, immediate mails, daily digest, badges."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from preau.core.scheduling import Periodic
from preau.timeline import live, notifications, services
from preau.timeline.models import FeedEntry


@task()
def deliver_event(event_id: int) -> int:
    """One feed entry per person of the event's audience (idempotent, resumable)."""
    return services.deliver(event_id)


@task()
def notify_event(event_id: int) -> int:
    """Immediate mails for the event, then the live badges of its recipients."""
    sent = notifications.send_immediate(event_id)
    live.push_badges(
        FeedEntry.objects.filter(event_id=event_id).values_list("user_id", flat=True)[
            : live.PUSH_LIMIT
        ]
    )
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
