"""Background work of the messagerie: the fan-out of large sends (idempotent, resumable) and
the daily purge of old trashed copies."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from preau.core.scheduling import VISIBLE_FIRST, Periodic
from preau.messaging.services import fanout, retention


@task(priority=VISIBLE_FIRST)
def fan_out_message(message_id: int) -> int:
    """One delivery and one feed entry per recipient, in batches; running it twice adds nothing."""
    return fanout.fan_out(message_id)


@task()
def purge_old_trash() -> int:
    """Copies trashed more than PREAU_MESSAGING_TRASH_DAYS ago are deleted; idempotent."""
    return retention.purge_old_trash()


SCHEDULE = [Periodic("messaging.purge_old_trash", purge_old_trash, at=dt.time(3, 40))]
