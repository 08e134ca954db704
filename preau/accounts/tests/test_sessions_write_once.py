"""A sign-in writes its session once, in the sign-in's transaction (ADR 0056)."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from preau.accounts import sessions as write_once
from preau.directory.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/api/v1/auth/login"


def _sign_in(client: Client, login: str):
    body = json.dumps({"login": login, "password": TEST_PASSWORD})
    return client.post(LOGIN, body, content_type="application/json")


def _session_writes(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"].split()[0]
        for q in captured.captured_queries
        if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]


def test_a_sign_in_inserts_its_session_once_and_never_rewrites_it():
    UserFactory.create(login="lea.martin")
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        assert _sign_in(client, "lea.martin").status_code == 200
    assert _session_writes(captured) == ["INSERT"]
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/me").status_code == 200  # signed in; nothing to re-save
    assert _session_writes(captured) == []


def test_a_sign_in_replaces_the_session_it_came_with():
    UserFactory.create(login="lea.martin")
    client = Client()
    client.get("/compte/connexion/")
    session = client.session
    session["seen"] = True
    session.save()
    before = session.session_key
    assert _sign_in(client, "lea.martin").status_code == 200
    after = client.cookies["preau_session"].value
    assert after != before  # no session fixation
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.filter(session_key=after).exists()


def test_a_key_already_taken_is_never_reused(monkeypatch):
    UserFactory.create(login="lea.martin")
    taken = Client()
    taken_key = taken.session.session_key or ""
    taken.session.save()
    keys = iter([taken_key, "k" * 32])
    monkeypatch.setattr(write_once, "get_random_string", lambda *args: next(keys))
    client = Client()
    assert _sign_in(client, "lea.martin").status_code == 200
    assert client.cookies["preau_session"].value == "k" * 32
    assert client.get("/api/v1/me").status_code == 200
    assert Client().get("/api/v1/me", HTTP_COOKIE=f"preau_session={taken_key}").status_code == 401
