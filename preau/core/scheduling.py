"""Periodic jobs on the database task queue (ADR 0030).

Each app's `tasks.py` may declare `SCHEDULE = [Periodic(...)]`. `run_scheduler` (a process next
to the task workers) wakes every few seconds, computes each job's current slot and claims it with
a unique `ScheduledRun(job, slot)` row; only the claimer enqueues the task, on commit. Any number
of schedulers may run: a slot is enqueued once. A missed slot (scheduler down) is not replayed one
by one: the next slot runs, and periodic tasks are written as catch-up passes (idempotent, they
look at dates, not at how often they ran).
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from preau.core.models import ScheduledRun

KEEP_RUNS = dt.timedelta(days=60)

# Task priority of the work that makes something visible (a broadcast's fan-out, an event's
# delivery): the worker takes waiting tasks by priority, so it never queues behind the mails
# about earlier ones, which keep the default priority (ADR 0063).
VISIBLE_FIRST = 10


@dataclass(frozen=True)
class Periodic:
    """`task` every `every`; with `at`, once a day at that local time (`every` is then 1 day)."""

    name: str
    task: Any
    every: dt.timedelta = dt.timedelta(days=1)
    at: dt.time | None = None

    def slot(self, now: dt.datetime) -> dt.datetime:
        """The start of the slot `now` falls in (aware, in the current time zone for `at`)."""
        if self.at is not None:
            local = timezone.localtime(now)
            start = timezone.make_aware(dt.datetime.combine(local.date(), self.at))
            return start if local >= start else start - dt.timedelta(days=1)
        step = int(self.every.total_seconds())
        epoch = int(now.timestamp())
        return dt.datetime.fromtimestamp(epoch - epoch % step, tz=dt.UTC)


def registered_jobs() -> list[Periodic]:
    """Every `SCHEDULE` declared in an installed app's `tasks` module."""
    jobs: list[Periodic] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("preau."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
            continue
        jobs.extend(getattr(module, "SCHEDULE", []))
    return jobs


def claim(job: Periodic, now: dt.datetime) -> bool:
    """Claim the job's current slot; enqueue its task on commit if this call claimed it."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job.name, slot=job.slot(now))
            transaction.on_commit(job.task.enqueue)
    except IntegrityError:
        return False
    return True


def run_due(now: dt.datetime | None = None, jobs: list[Periodic] | None = None) -> list[str]:
    """Enqueue every job whose current slot is unclaimed; returns the names enqueued."""
    now = now or timezone.now()
    todo = registered_jobs() if jobs is None else jobs
    enqueued = [job.name for job in todo if claim(job, now)]
    if enqueued:
        ScheduledRun.objects.filter(enqueued_at__lt=now - KEEP_RUNS).delete()
    return enqueued
