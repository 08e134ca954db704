from __future__ import annotations

import datetime
import json
import time

import pytest
from django.test import Client, override_settings

from preau.accounts.middleware import LOGIN_AT_KEY, REFRESHED_AT_KEY
from preau.core.models import AuditEvent
from preau.directory.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _logged_in(login: str = "lea.martin", **user_fields) -> Client:
    UserFactory.create(login=login, **user_fields)
    client = Client()
    client.post("/compte/connexion/", {"login": login, "password": TEST_PASSWORD})
    return client


def _age_session(client: Client, seconds: float) -> None:
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - seconds
    session.save()


def test_login_records_when_the_session_started():
    client = _logged_in()
    assert abs(client.session[LOGIN_AT_KEY] - time.time()) < 5


def test_a_session_younger_than_twelve_hours_stays_open():
    client = _logged_in()
    _age_session(client, 11 * 3600)
    assert client.get("/compte/").status_code == 200


def test_a_session_older_than_twelve_hours_is_closed_even_if_active():
    client = _logged_in()
    _age_session(client, 12 * 3600 + 60)
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    page = client.get(response["Location"]).content.decode()
    assert "Votre session a expiré" in page
    assert AuditEvent.objects.filter(action="accounts.logout", data__reason="expired").exists()


@override_settings(SESSION_ABSOLUTE_SECONDS=60)
def test_an_expired_session_is_a_401_for_the_api():
    client = _logged_in()
    _age_session(client, 120)
    response = client.post(
        "/api/v1/auth/password",
        json.dumps({"old_password": TEST_PASSWORD, "new_password": "x" * 20}),
        content_type="application/json",
    )
    assert response.status_code == 401


def test_a_session_opened_elsewhere_gets_its_start_time_on_first_request():
    client = Client()
    client.force_login(UserFactory.create())
    assert client.get("/compte/").status_code == 200
    assert LOGIN_AT_KEY in client.session


def test_must_change_password_redirects_every_page_to_the_change_form():
    client = _logged_in(must_change_password=True)
    response = client.get("/aide/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/?next=%2Faide%2F"
    assert client.get("/compte/mot-de-passe/").status_code == 200


def test_must_change_password_api_calls_get_a_typed_403():
    client = _logged_in(must_change_password=True)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 403
    assert response.json() == {
        "error": "password_change_required",
        "message": "Vous devez d'abord choisir un nouveau mot de passe.",
    }


def test_must_change_password_may_still_log_out():
    client = _logged_in(must_change_password=True)
    assert client.post("/compte/deconnexion/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_health_probes_are_never_redirected():
    client = _logged_in(must_change_password=True)
    assert client.get("/healthz").status_code == 200


def _session_row_expiry(client: Client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.db")
def test_an_active_session_is_rewritten_once_per_refresh_period_not_per_page():
    client = _logged_in()
    client.get("/compte/")
    expiry = _session_row_expiry(client)
    client.get("/compte/")
    assert _session_row_expiry(client) == expiry  # a second page in the same minute: no write

    session = client.session
    session[REFRESHED_AT_KEY] = time.time() - 61
    session.save()
    expiry = _session_row_expiry(client)
    time.sleep(1.1)
    client.get("/compte/")
    assert _session_row_expiry(client) > expiry  # a minute later: the idle deadline moves


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.db")
def test_a_session_idle_past_the_timeout_is_logged_out():
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = _logged_in()
    client.get("/compte/")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
