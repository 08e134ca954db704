"""School years, named by their start year: 2026 is "2026-2027", from 1 September."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone


def current_school_year(today: datetime.date | None = None) -> int:
    """The start year of the school year `today` falls in (local time)."""
    day = today or timezone.localdate()
    start_month = settings.PREAU_SCHOOL_YEAR_START_MONTH
    return day.year if day.month >= start_month else day.year - 1


def year_label(year: int) -> str:
    return f"{year}-{year + 1}"
