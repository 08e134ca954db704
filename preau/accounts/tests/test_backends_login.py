from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from preau.accounts.backends import BLOCKED_FLAG, LoginOrEmailBackend
from preau.accounts.models import User
from preau.directory.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _request():
    request = RequestFactory().post("/compte/connexion/")
    request.META["REMOTE_ADDR"] = "10.0.0.1"
    return request


def test_login_is_case_insensitive_and_trimmed():
    user = UserFactory.create(login="lea.martin")
    found = authenticate(_request(), login="  Lea.MARTIN ", password=TEST_PASSWORD)
    assert found == user


def test_email_logs_in_when_one_account_has_it():
    user = UserFactory.create(email="claire.petit@example.org")
    found = authenticate(_request(), login="Claire.Petit@example.org", password=TEST_PASSWORD)
    assert found == user


def test_email_shared_by_two_accounts_logs_in_nobody():
    UserFactory.create(email="famille@example.org")
    UserFactory.create(email="famille@example.org")
    assert authenticate(_request(), login="famille@example.org", password=TEST_PASSWORD) is None


def test_email_shared_with_an_inactive_account_still_designates_the_active_one():
    UserFactory.create(email="famille@example.org", is_active=False)
    active = UserFactory.create(email="famille@example.org")
    found = authenticate(_request(), login="famille@example.org", password=TEST_PASSWORD)
    assert found == active


def test_wrong_password_is_refused():
    UserFactory.create(login="lea.martin")
    assert authenticate(_request(), login="lea.martin", password="pas-le-bon") is None


def test_blocked_account_is_refused_and_flagged_on_the_request():
    UserFactory.create(login="lea.martin", blocked_at=timezone.now())
    request = _request()
    assert authenticate(request, login="lea.martin", password=TEST_PASSWORD) is None
    assert getattr(request, BLOCKED_FLAG) is True


def test_blocked_account_with_a_wrong_password_is_not_flagged():
    UserFactory.create(login="lea.martin", blocked_at=timezone.now())
    request = _request()
    assert authenticate(request, login="lea.martin", password="faux") is None
    assert not hasattr(request, BLOCKED_FLAG)


def test_inactive_account_is_refused():
    UserFactory.create(login="lea.martin", is_active=False)
    assert authenticate(_request(), login="lea.martin", password=TEST_PASSWORD) is None


def test_unknown_login_still_runs_the_hasher_once(monkeypatch):
    calls = []
    original = User.set_password

    def counting(self, raw):
        calls.append(raw)
        return original(self, raw)

    monkeypatch.setattr(User, "set_password", counting)
    assert authenticate(_request(), login="personne.inconnue", password="x" * 12) is None
    assert calls == ["x" * 12]


def test_admin_form_style_username_keyword_works():
    user = UserFactory.create(login="operateur", is_staff=True)
    assert authenticate(_request(), username="OPERATEUR", password=TEST_PASSWORD) == user


def test_blocking_an_account_ends_its_sessions():
    user = UserFactory.create(blocked_at=timezone.now())
    assert LoginOrEmailBackend().get_user(user.pk) is None


def test_looking_up_an_account_costs_one_query(django_assert_num_queries):
    UserFactory.create(login="lea.martin")
    with django_assert_num_queries(1):
        LoginOrEmailBackend().authenticate(None, login="lea.martin", password="faux")


@pytest.mark.parametrize("identifier", ["Lea.MARTIN", "Lea.Martin@example.org"])
def test_sign_in_lookup_reads_the_case_insensitive_index(identifier):
    """A sign-in must not scan every account (ADR 0051): the lookup the backend runs can be
    served by the UPPER() expression index, and needs no sort."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from preau.accounts.backends import find_account

    if connection.vendor != "postgresql":
        pytest.skip("expression-index plans are checked on PostgreSQL")
    UserFactory.create(login="lea.martin", email="lea.martin@example.org")
    with CaptureQueriesContext(connection) as captured:
        assert find_account(identifier) is not None
    lookup = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {lookup}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "_upper" in plan and "Sort" not in plan, plan
