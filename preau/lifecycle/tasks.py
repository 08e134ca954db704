"""Background work of the lifecycle app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from preau.lifecycle.services.lifecycle import run_lifecycle


@task()
def run_daily_lifecycle() -> dict[str, int]:
    """The daily pass over leavers; idempotent, in batches (see services.lifecycle)."""
    return run_lifecycle()
