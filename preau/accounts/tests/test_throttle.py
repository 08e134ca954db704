from __future__ import annotations

import pytest
from django.test import override_settings

from preau.accounts import throttle


def test_an_ip_under_its_ceiling_may_try():
    for _ in range(5):
        throttle.record_failure("10.1.1.1", "lea.martin")
    assert throttle.ip_retry_after("10.1.1.1") is None


@override_settings(PREAU_LOGIN_IP_FAILURE_LIMIT=3)
def test_an_ip_over_its_ceiling_waits_for_the_window_to_close():
    for login in ("a.un", "b.deux", "c.trois"):
        throttle.record_failure("10.1.1.1", login)
    retry_after = throttle.ip_retry_after("10.1.1.1")
    assert retry_after is not None
    assert 0 < retry_after <= 15 * 60
    assert throttle.ip_retry_after("10.9.9.9") is None


def test_per_login_failures_add_no_delay_below_the_threshold():
    for _ in range(30):
        throttle.record_failure("10.1.1.1", "lea.martin")
    assert throttle.login_delay_seconds("lea.martin") == 0


def test_per_login_delay_grows_then_is_capped_at_two_seconds():
    for n in range(31):
        throttle.record_failure(f"10.1.1.{n}", "Lea.Martin")
    assert throttle.login_delay_seconds("lea.martin") == pytest.approx(0.25)
    for n in range(50):
        throttle.record_failure(f"10.2.1.{n}", "lea.martin")
    assert throttle.login_delay_seconds("lea.martin") == 2.0
    assert throttle.login_delay_seconds("autre.eleve") == 0


def test_the_delay_is_not_slept_in_tests(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(throttle.time, "sleep", slept.append)
    for _ in range(40):
        throttle.record_failure("10.1.1.1", "lea.martin")
    assert throttle.slow_down("lea.martin") == 2.0
    assert slept == []


@override_settings(PREAU_LOGIN_DELAY_ENABLED=True)
def test_the_delay_is_slept_when_enabled(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(throttle.time, "sleep", slept.append)
    for _ in range(32):
        throttle.record_failure("10.1.1.1", "lea.martin")
    throttle.slow_down("lea.martin")
    assert slept == [0.5]


def test_axes_counts_every_form_under_the_same_lower_case_login():
    assert throttle.axes_username(None, {"login": " Lea.Martin "}) == "lea.martin"
    assert throttle.axes_username(None, {"username": "OPS"}) == "ops"

    class FakeRequest:
        POST = {"login": "Paul.Durand"}

    assert throttle.axes_username(FakeRequest(), None) == "paul.durand"
    assert throttle.axes_username(None, {}) is None
