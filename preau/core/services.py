"""Writes of the core app: the audit log's retention (rules.md: one year, then aggregates only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from axes.models import AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from preau.core.audit import audit
from preau.core.models import AuditEvent, AuditMonthlyCount

BATCH = 5000


def purge_old_audit(now: dt.datetime | None = None) -> int:
    """Fold the audit entries older than PREAU_AUDIT_RETENTION_DAYS into monthly counts per
    action, and delete them; also axes' access log rows of that age (written before ADR 0056).

    Batches of ids, each counted and deleted in one transaction: a pass that stops resumes
    without counting anything twice. Returns how many audit entries were folded."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.PREAU_AUDIT_RETENTION_DAYS)
    folded = 0
    while batch := list(
        AuditEvent.objects.filter(created_at__lt=cutoff)
        .order_by("id")
        .values_list("id", "created_at", "action")[:BATCH]
    ):
        with transaction.atomic():
            _add_counts(Counter((_month(at), action) for _, at, action in batch))
            AuditEvent.objects.filter(id__in=[row[0] for row in batch]).delete()
        folded += len(batch)
    AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    if folded:
        audit(None, "core.audit_folded", None, entries=folded, before=cutoff.isoformat())
    return folded


def _month(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date().replace(day=1)


def _add_counts(counts: Counter[tuple[dt.date, str]]) -> None:
    for (month, action), number in counts.items():
        row, created = AuditMonthlyCount.objects.get_or_create(
            month=month, action=action, defaults={"count": number}
        )
        if not created:
            AuditMonthlyCount.objects.filter(pk=row.pk).update(count=F("count") + number)
