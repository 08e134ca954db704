"""Lockouts still count and reset; a clean sign-in no longer pays axes' clean-up (ADR 0056)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessLog
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from preau.directory.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN_URL = "/compte/connexion/"


def _login(client: Client, password: str = TEST_PASSWORD):
    return client.post(LOGIN_URL, {"login": "lea.martin", "password": password})


def test_a_sign_in_after_failures_clears_them():
    UserFactory.create(login="lea.martin")
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(4):
        _login(client, "mauvais")
    assert AccessAttempt.objects.get().failures_since_start == 4
    assert _login(client).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.post("/compte/deconnexion/")
    for _ in range(4):  # four more: counted from zero again, so not locked out
        _login(client, "mauvais")
    assert _login(client).status_code == 302


def test_a_clean_sign_in_touches_no_attempt_and_keeps_no_second_connection_log():
    UserFactory.create(login="lea.martin")
    with CaptureQueriesContext(connection) as captured:
        assert _login(Client(REMOTE_ADDR="10.0.0.1")).status_code == 302
    statements = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in statements if sql.startswith("DELETE")]
    assert [sql for sql in statements if "axes_accessattempt" in sql] == [statements[0]]
    assert not AccessLog.objects.exists()  # the audit log's accounts.login is the one record
