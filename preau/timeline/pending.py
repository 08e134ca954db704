"""Notifications of delivered events, sent by one task run for every event waiting (ADR 0063).

An event delivered to its feeds is due for notification (`Event.notifications_due`, set by the
statement that delivers it): the immediate mails of the people who chose them, and the live
badges of its recipients. A task per event made the worker pay, for every class send, a task's
claim and bookkeeping and the queries of one event, about as much as the mails themselves. So:

- after the commit that made an event due, `schedule()` enqueues `send_due_notifications` only
  when no such task is already waiting in the database queue (one indexed `EXISTS`);
- that task claims the due events in batches (`FOR UPDATE SKIP LOCKED`, the mark cleared in the
  same transaction) and notifies each batch set-based: mails in keyset batches over the feed
  entries of all its events, one badge per person whatever the number of events.

No event is left behind: `schedule` asks after its own commit, so a task still waiting (not yet
claimed by a worker) will read the queue after the event is in it; a task already running may
miss it, which is why only a *waiting* one makes a new task needless. An event is claimed once
(the mark is cleared where it is claimed, rows locked by another run are skipped): running the
task twice, or two workers at once, mails nobody twice. Other task back-ends (the immediate one
of tests) have no queue to look into: the task is enqueued every time and finds nothing left.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.db import router, transaction

from preau.core.sql import hot_cursor
from preau.timeline import live, notifications
from preau.timeline.models import Event, FeedEntry

BATCH = 200  # events claimed at once


def schedule() -> None:
    """After a commit that made an event due: make sure a task will notify it."""
    from preau.timeline.tasks import send_due_notifications

    if not _task_waiting(send_due_notifications):
        send_due_notifications.enqueue()


def _task_waiting(task: object) -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):  # type: ignore[attr-defined]
        return False
    using = router.db_for_read(DBTaskResult)
    with hot_cursor(using) as cursor:
        cursor.execute(_waiting_sql(DBTaskResult._meta.db_table, task.module_path))  # type: ignore[attr-defined]
        return bool(cursor.fetchone()[0])


@cache
def _waiting_sql(table: str, path: str) -> str:
    """Whether the task waits in the queue: the partial index of ready tasks is all it reads.
    The path is the code's own (a dotted name), written in so that the statement is constant."""
    assert path.replace(".", "").replace("_", "").isalnum(), path
    return (
        f"SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE status = 'READY'"  # noqa: S608
        f" AND task_path = '{path}')"
    )


def send_due(batch: int = BATCH) -> int:
    """Notify every due event, `batch` events at a time; the number of mails sent."""
    sent = 0
    while True:
        events = claim(batch)
        if events:
            sent += notifications.send_immediate_for(events)
            if live.enabled():
                live.push_badges(badge_users([e.pk for e in events]))
        if len(events) < batch:
            # The queue is empty as far as this run can tell: an event due since then was
            # scheduled after this run had started, so another run is (or will be) waiting.
            return sent


def claim(batch: int) -> list[Event]:
    """Up to `batch` due events, no longer due once this returns (rows other runs hold are
    skipped). Only the columns the mails need."""
    with transaction.atomic():
        events = list(
            Event.objects.filter(notifications_due__isnull=False)
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .only("pk", "kind", "title", "url")[:batch]
        )
        if events:
            Event.objects.filter(pk__in=[e.pk for e in events]).update(notifications_due=None)
    return events


def badge_users(event_ids: Iterable[int]) -> list[int]:
    """The recipients of these events, each once, up to `live.PUSH_LIMIT`."""
    rows = (
        FeedEntry.objects.filter(event_id__in=list(event_ids))
        .order_by()
        .values_list("user_id", flat=True)
    )
    return list(dict.fromkeys(rows[: live.PUSH_LIMIT]))
