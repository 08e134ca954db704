"""The audit log keeps a year of entries; older ones become monthly counts (rules.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessLog
from django.utils import timezone

from preau.core.models import AuditEvent, AuditMonthlyCount
from preau.core.scheduling import registered_jobs
from preau.core.services import purge_old_audit
from preau.directory.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2027, 3, 10, 12, 0))


def _event(action: str, days_ago: int, **data) -> AuditEvent:
    event = AuditEvent.objects.create(actor=UserFactory.create(), action=action, data=data)
    AuditEvent.objects.filter(pk=event.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
    return event


def _counts() -> dict[tuple[str, str], int]:
    return {(f"{c.month:%Y-%m}", c.action): c.count for c in AuditMonthlyCount.objects.all()}


def test_entries_older_than_a_year_become_counts_without_names_or_addresses():
    _event("accounts.login", 400, ip="10.0.0.1")
    _event("accounts.login", 401, ip="10.0.0.2")
    _event("directory.user_blocked", 500)
    recent = _event("accounts.login", 10, ip="10.0.0.3")
    assert purge_old_audit(NOW) == 3
    kept = AuditEvent.objects.exclude(action="core.audit_folded")
    assert list(kept.values_list("pk", flat=True)) == [recent.pk]
    assert _counts() == {("2026-02", "accounts.login"): 2, ("2025-10", "directory.user_blocked"): 1}
    assert AuditEvent.objects.get(action="core.audit_folded").data["entries"] == 3


def test_a_second_pass_counts_nothing_twice_and_adds_to_a_month_already_counted():
    _event("accounts.login", 400)
    purge_old_audit(NOW)
    assert purge_old_audit(NOW) == 0
    _event("accounts.login", 401)  # the same month, found by a later pass
    purge_old_audit(NOW)
    assert _counts() == {("2026-02", "accounts.login"): 2}


def test_axes_access_log_rows_of_that_age_go_too():
    AccessLog.objects.create(username="lea.martin", ip_address="10.0.0.1", user_agent="x")
    old = AccessLog.objects.create(username="lea.martin", ip_address="10.0.0.1", user_agent="x")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=NOW - dt.timedelta(days=400))
    purge_old_audit(NOW)
    assert AccessLog.objects.count() == 1
    assert not AccessLog.objects.filter(pk=old.pk).exists()


def test_the_purge_runs_every_night():
    assert "core.audit_retention" in {job.name for job in registered_jobs()}
