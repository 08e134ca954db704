"""Background work of the lifecycle app (django-tasks)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from preau.core.scheduling import Periodic
from preau.lifecycle.services.lifecycle import run_lifecycle


@task()
def run_daily_lifecycle() -> dict[str, int]:
    """The daily pass over leavers; idempotent, in batches (see services.lifecycle)."""
    return run_lifecycle()


# Every night (PREAU_LIFECYCLE_RUN_AT, local time), enqueued by `run_scheduler`.
SCHEDULE = [
    Periodic(
        "lifecycle.daily",
        run_daily_lifecycle,
        at=dt.time.fromisoformat(settings.PREAU_LIFECYCLE_RUN_AT),
    )
]
