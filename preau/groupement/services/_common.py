"""Shared by the groupement services: authorisation and the clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from preau.core.authorization import authorize as core_authorize
from preau.core.errors import PermissionDenied
from preau.groupement import clock, policies
from preau.groupement.models import Adherent


def authorize(actor: Any, action: str, adherent: Adherent) -> None:
    """`actor=None` is the system (seed, imports by operators); others ask the policy."""
    core_authorize(policies, actor, action, adherent)


def require_coordinator(actor: Any) -> None:
    if actor is not None and not policies.may_coordinate(actor):
        raise PermissionDenied()


def today_or(today: dt.date | None) -> dt.date:
    return today or clock.today()
