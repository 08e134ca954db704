"""The one way services record what they did (house rule: every service write is audited)."""

from __future__ import annotations

from typing import Any

from django.db import models

from preau.core.models import AuditEvent


def audit(actor: Any, action: str, target: models.Model | None = None, **data: Any) -> AuditEvent:
    """Record `actor` doing `action` on `target`. Call it inside the service's transaction."""
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    return AuditEvent.objects.create(
        actor_id=actor_id,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )
