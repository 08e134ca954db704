"""The one way services ask a policy before they write."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from preau.core.errors import PermissionDenied


def authorize(policy: ModuleType, actor: Any, action: str, obj: Any) -> None:
    """Raise `PermissionDenied` unless `policy.get_abilities(actor, obj)[action]` holds.

    `actor=None` is the system (seed, imports run by operators, scheduled tasks)."""
    if actor is None:
        return
    if not policy.get_abilities(actor, obj).get(action, False):
        raise PermissionDenied()
