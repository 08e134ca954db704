"""The groupement's clock: one function, so tests can pin the date without sleeping."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()
