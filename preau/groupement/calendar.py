"""The convention's calendar, as pure date arithmetic (convention art. 2, 3, 6 and 8).

The first period runs from the effective date for 24 months: [19 Jul 2026, 19 Jul 2028). The
withdrawal window is the two months before its end: a letter received on or after 19 May 2028
and before 19 Jul 2028 (ADR 'groupement calendar').
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


WINDOW_MONTHS = 2
# Reminder kinds → when they fall, relative to the window (the brief: 3 and 1 month before it
# opens; and a last one two weeks before it closes).
REMINDERS = {
    "opens_in_3_months": ("opens", -3),
    "opens_in_1_month": ("opens", -1),
    "closes_in_2_weeks": ("closes", 0),
}
CLOSING_NOTICE_DAYS = 14


@dataclass(frozen=True)
class ContractCalendar:
    deadline: dt.date
    effective: dt.date
    first_period_months: int
    renewal_months: int

    @property
    def first_period_end(self) -> dt.date:
        """First day after the first period: the day a tacit renewal takes effect."""
        return add_months(self.effective, self.first_period_months)

    @property
    def end(self) -> dt.date:
        return add_months(self.first_period_end, self.renewal_months)

    @property
    def window_opens(self) -> dt.date:
        return add_months(self.first_period_end, -WINDOW_MONTHS)

    @property
    def window_last_day(self) -> dt.date:
        return self.first_period_end - dt.timedelta(days=1)

    def in_window(self, day: dt.date) -> bool:
        return self.window_opens <= day < self.first_period_end

    def in_first_period(self, day: dt.date) -> bool:
        return self.effective <= day < self.first_period_end

    def period_of(self, day: dt.date) -> str:
        return "renewal" if day >= self.first_period_end else "first"

    def reminder_date(self, kind: str) -> dt.date:
        anchor, months = REMINDERS[kind]
        if anchor == "opens":
            return add_months(self.window_opens, months)
        return self.first_period_end - dt.timedelta(days=CLOSING_NOTICE_DAYS)
