"""Availability: probes recorded up or down, and the month's rate against the CCTP threshold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from preau.groupement import conf
from preau.groupement.models import AvailabilityProbe


def record_probe(up: bool, detail: str = "", at: dt.datetime | None = None) -> AvailabilityProbe:
    """System measurement, not a person's change: not audited."""
    return AvailabilityProbe.objects.create(
        checked_at=at or timezone.now(), up=up, detail=detail[:200]
    )


@dataclass(frozen=True)
class MonthlyAvailability:
    year: int
    month: int
    probes: int
    up: int
    threshold: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.probes:
            return None
        value = Decimal(100 * self.up) / Decimal(self.probes)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def meets_threshold(self) -> bool | None:
        return None if self.percent is None else self.percent >= self.threshold


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime(year, month, 1))
    following = dt.datetime(year + month // 12, month % 12 + 1, 1)
    return start, timezone.make_aware(following)


def monthly_availability(year: int, month: int) -> MonthlyAvailability:
    """One query: the share of the month's probes that found the service up."""
    start, end = month_bounds(year, month)
    counts = AvailabilityProbe.objects.filter(checked_at__gte=start, checked_at__lt=end).aggregate(
        total=Count("pk"), up=Count("pk", filter=Q(up=True))
    )
    return MonthlyAvailability(
        year, month, counts["total"], counts["up"], conf.availability_threshold()
    )
