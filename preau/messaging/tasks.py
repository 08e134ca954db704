"""Background work of the messagerie: the fan-out of large sends (idempotent, resumable)."""

from __future__ import annotations

from django_tasks import task

from preau.messaging.services import fanout


@task()
def fan_out_message(message_id: int) -> int:
    """One delivery and one feed entry per recipient, in batches; running it twice adds nothing."""
    return fanout.fan_out(message_id)
