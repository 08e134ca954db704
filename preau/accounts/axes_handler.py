"""django-axes' database handler without the clean-up round trips of a clean sign-in (ADR 0056).

On every successful sign-in axes purges the expired attempts of the whole table and resets the
(login, address)'s attempts: two SELECT + DELETE pairs in the sign-in's transaction, although
nearly every sign-in follows no failure at all. The lockout check of the same request has just
counted the failures (`get_failures`); when it found none there is nothing to reset, and expired
attempts are purged when the next failure is recorded (axes does it there too) and are never
counted meanwhile (`get_user_attempts` filters them out).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler

FAILURES_ATTRIBUTE = "preau_axes_failures"


class PreauAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        count = int(super().get_failures(request, credentials))
        if request is not None:
            setattr(request, FAILURES_ATTRIBUTE, count)
        return count

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        if getattr(request, FAILURES_ATTRIBUTE, None) == 0:
            return
        super().user_logged_in(sender, request, user, **kwargs)
