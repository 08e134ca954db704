"""Background work of the carnet de liaison (django-tasks, database queue in production)."""

from __future__ import annotations

from django_tasks import task

from preau.liaison.services.reminders import deliver_reminder as _deliver


@task()
def deliver_reminder(reminder_id: int) -> int:
    """Mail the unsigned families of a reminder; idempotent (each family once per reminder)."""
    return _deliver(reminder_id)
