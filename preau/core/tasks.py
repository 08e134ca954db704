"""Background work of the core app (django-tasks)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from preau.core.scheduling import Periodic
from preau.core.services import purge_old_audit


@task()
def purge_audit_log() -> int:
    """The nightly retention pass over the audit log; idempotent, in batches."""
    return purge_old_audit()


# Every night (PREAU_AUDIT_PURGE_AT, local time), enqueued by `run_scheduler`.
SCHEDULE = [
    Periodic(
        "core.audit_retention",
        purge_audit_log,
        at=dt.time.fromisoformat(settings.PREAU_AUDIT_PURGE_AT),
    )
]
