"""What the carnet would publish to the fil de nouveautés, recorded until the timeline lands.

`_publish_event` is the single place to wire the timeline's publishing function (messagerie
branch). Until then each event is an audit entry `event.<kind>` with its recipients' ids, so
nothing is lost and the wiring is one function.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from preau.core.audit import audit


def _publish_event(
    actor: Any, kind: str, target: models.Model, recipient_ids: Iterable[int | None]
) -> None:
    """Record the event `kind` about `target` for `recipient_ids` (call inside the write)."""
    recipients = sorted({int(pk) for pk in recipient_ids if pk is not None})
    audit(actor, f"event.{kind}", target, recipients=recipients)
