from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from preau.core.models import AuditEvent
from preau.directory.factories import (
    TEST_PASSWORD,
    SchoolClassFactory,
    UserFactory,
    make_pupil,
)

pytestmark = pytest.mark.django_db
LOGIN_URL = "/compte/connexion/"


def _client(ip: str = "10.0.0.1") -> Client:
    return Client(REMOTE_ADDR=ip)


def _login(client: Client, login: str, password: str = TEST_PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": login, "password": password, **extra})


def test_login_page_is_accessible_french_and_autocompleted():
    response = _client().get(LOGIN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Identifiant ou adresse électronique" in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label class="field__label" for="id_login">' in html


def test_good_credentials_open_a_new_session_and_go_home():
    UserFactory.create(login="lea.martin")
    client = _client()
    client.get(LOGIN_URL)
    before = client.cookies.get("preau_session")
    response = _login(client, "Lea.Martin")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    after = client.cookies["preau_session"].value
    assert after and (before is None or before.value != after)
    assert AuditEvent.objects.filter(action="accounts.login").count() == 1


def test_login_by_email():
    UserFactory.create(login="claire.petit", email="claire@example.org")
    response = _login(_client(), "claire@example.org")
    assert response.status_code == 302


def test_wrong_password_is_announced_in_french():
    UserFactory.create(login="lea.martin")
    response = _login(_client(), "lea.martin", "mauvais")
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Identifiant ou mot de passe incorrect." in html
    assert "_auth_user_id" not in response.wsgi_request.session


def test_empty_form_says_what_is_missing():
    response = _client().post(LOGIN_URL, {"login": "", "password": ""})
    html = response.content.decode()
    assert "Saisissez votre identifiant" in html
    assert 'aria-invalid="true"' in html


def test_blocked_account_gets_an_explicit_message():
    UserFactory.create(login="lea.martin", blocked_at=timezone.now())
    html = _login(_client(), "lea.martin").content.decode()
    assert "Ce compte est bloqué" in html


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/aide/", "/aide/"),
        ("https://evil.example.com/", "/"),
        ("//evil.example.com/", "/"),
    ],
)
def test_next_is_followed_only_inside_preau(next_url, expected):
    UserFactory.create(login="lea.martin")
    response = _login(_client(), "lea.martin", next=next_url)
    assert response["Location"] == expected


def test_five_wrong_passwords_lock_that_login_on_that_ip_only():
    UserFactory.create(login="lea.martin")
    here, elsewhere = _client("10.0.0.1"), _client("10.0.0.2")
    for _ in range(5):
        _login(here, "lea.martin", "mauvais")
    locked = _login(here, "lea.martin")
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60
    assert _login(elsewhere, "lea.martin").status_code == 302


def test_six_pupils_failing_from_the_school_ip_lock_nobody_else():
    school_class = SchoolClassFactory.create()
    pupils = [make_pupil(school_class, login=f"eleve.{n}") for n in range(7)]
    school = _client("192.0.2.10")
    for pupil in pupils[:6]:
        for _ in range(5):
            _login(school, pupil.login, "mauvais")
    assert _login(_client("192.0.2.10"), pupils[6].login).status_code == 302
    assert _login(_client("192.0.2.10"), pupils[0].login).status_code == 429


@override_settings(PREAU_LOGIN_IP_FAILURE_LIMIT=8)
def test_the_per_ip_ceiling_stops_a_spray_from_one_address():
    UserFactory.create(login="lea.martin")
    attacker = _client("198.51.100.7")
    for n in range(8):
        _login(attacker, f"cible.{n}", "azerty")
    response = _login(attacker, "lea.martin")
    assert response.status_code == 429
    assert _login(_client("198.51.100.8"), "lea.martin").status_code == 302


def test_logout_is_post_only_and_ends_the_session():
    UserFactory.create(login="lea.martin")
    client = _client()
    _login(client, "lea.martin")
    assert client.get("/compte/deconnexion/").status_code == 405
    response = client.post("/compte/deconnexion/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert client.get("/compte/").status_code == 302
    assert AuditEvent.objects.filter(action="accounts.logout").count() == 1


def test_logout_needs_a_csrf_token():
    UserFactory.create(login="lea.martin")
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory.create(login="paul.durand"))
    assert client.post("/compte/deconnexion/").status_code == 403


def test_no_password_ever_reaches_the_audit_log():
    UserFactory.create(login="lea.martin")
    _login(_client(), "lea.martin", "mauvais")
    _login(_client(), "lea.martin")
    for event in AuditEvent.objects.all():
        assert TEST_PASSWORD not in str(event.data)
        assert "mauvais" not in str(event.data)
