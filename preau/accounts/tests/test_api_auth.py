from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from preau.core.models import AuditEvent
from preau.directory.factories import (
    TEST_PASSWORD,
    CirconscriptionFactory,
    CollectiviteFactory,
    ProfileAssignmentFactory,
    UserFactory,
)
from preau.directory.models import Profile

pytestmark = pytest.mark.django_db
LOGIN, LOGOUT, PASSWORD = "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/auth/password"


def _post(client: Client, url: str, payload: dict | None = None, **extra):
    body = json.dumps(payload or {})
    return client.post(url, body, content_type="application/json", **extra)


def _client(ip: str = "10.0.0.1", **kwargs) -> Client:
    return Client(REMOTE_ADDR=ip, **kwargs)


@pytest.mark.parametrize("profile", list(Profile))
def test_login_answers_who_logged_in_and_opens_a_session(profile):
    user = UserFactory.create(login="camille.bernard", first_name="Camille", last_name="Bernard")
    scope: dict[str, object]
    if profile == Profile.INSPECTION:
        scope = {"school": None, "circonscription": CirconscriptionFactory.create()}
    elif profile == Profile.COLLECTIVITE:
        scope = {"school": None, "collectivite": CollectiviteFactory.create()}
    else:
        scope = {}
    ProfileAssignmentFactory.create(user=user, profile=profile, **scope)
    client = _client()
    response = _post(client, LOGIN, {"login": "Camille.Bernard", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "login": "camille.bernard",
        "display_name": "Camille BERNARD",
    }
    assert client.cookies["preau_session"].value
    assert response["X-CSRFToken"]
    # The connection log: through what, from which address.
    assert AuditEvent.objects.get(action="accounts.login").data == {"via": "api", "ip": "10.0.0.1"}


def test_a_non_browser_client_logs_in_without_csrf_token():
    UserFactory.create(login="lea.martin")
    client = _client(enforce_csrf_checks=True)
    response = _post(client, LOGIN, {"login": "lea.martin", "password": TEST_PASSWORD})
    assert response.status_code == 200


def test_wrong_password_is_a_typed_401():
    UserFactory.create(login="lea.martin")
    response = _post(_client(), LOGIN, {"login": "lea.martin", "password": "mauvais"})
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_credentials",
        "message": "Identifiant ou mot de passe incorrect.",
    }


def test_unknown_login_answers_exactly_like_a_wrong_password():
    UserFactory.create(login="lea.martin")
    wrong = _post(_client(), LOGIN, {"login": "lea.martin", "password": "mauvais"})
    unknown = _post(_client("10.0.0.2"), LOGIN, {"login": "nobody.here", "password": "mauvais"})
    assert (unknown.status_code, unknown.json()) == (wrong.status_code, wrong.json())


def test_blocked_account_is_a_typed_403():
    UserFactory.create(login="lea.martin", blocked_at=timezone.now())
    response = _post(_client(), LOGIN, {"login": "lea.martin", "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert response.json()["error"] == "account_blocked"


def test_login_refuses_a_form_encoded_body():
    UserFactory.create(login="lea.martin")
    body = json.dumps({"login": "lea.martin", "password": TEST_PASSWORD})
    response = _client().post(LOGIN, body, content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported_media_type"
    assert "_auth_user_id" not in response.wsgi_request.session


def test_api_failures_count_for_the_lockout_and_answer_429_with_retry_after():
    UserFactory.create(login="lea.martin")
    client = _client()
    statuses = [
        _post(client, LOGIN, {"login": "lea.martin", "password": "mauvais"}).status_code
        for _ in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]
    response = _post(client, LOGIN, {"login": "lea.martin", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert response.json()["error"] == "too_many_attempts"
    assert "réessayez dans 15 minutes" in response.json()["message"]
    assert response["Retry-After"] == "900"
    other_ip = _post(_client("10.0.0.9"), LOGIN, {"login": "lea.martin", "password": TEST_PASSWORD})
    assert other_ip.status_code == 200


def test_form_and_api_failures_share_the_same_counter():
    UserFactory.create(login="lea.martin")
    client = _client()
    for _ in range(3):
        client.post("/compte/connexion/", {"login": "lea.martin", "password": "mauvais"})
    for _ in range(2):
        _post(client, LOGIN, {"login": "lea.martin", "password": "mauvais"})
    response = _post(client, LOGIN, {"login": "lea.martin", "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_logout_ends_the_session_and_answers_204():
    UserFactory.create(login="lea.martin")
    client = _client(enforce_csrf_checks=True)
    _post(client, LOGIN, {"login": "lea.martin", "password": TEST_PASSWORD})
    assert client.get("/api/v1/openapi.json").status_code == 200
    response = _post(client, LOGOUT)
    assert response.status_code == 204
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.logout").count() == 1


def test_logout_without_a_session_is_harmless():
    assert _post(_client(), LOGOUT).status_code == 204
    assert not AuditEvent.objects.exists()


def test_password_change_through_the_api():
    user = UserFactory.create(login="lea.martin", must_change_password=True)
    client = _client()
    _post(client, LOGIN, {"login": "lea.martin", "password": TEST_PASSWORD})
    refused = _post(client, PASSWORD, {"old_password": TEST_PASSWORD, "new_password": "court"})
    assert refused.status_code == 422
    assert refused.json()["error"] == "password_rejected"
    response = _post(
        client,
        PASSWORD,
        {"old_password": TEST_PASSWORD, "new_password": "un jardin plein de tulipes"},
    )
    assert response.status_code == 204
    user.refresh_from_db()
    assert user.check_password("un jardin plein de tulipes")
    assert not user.must_change_password


def test_password_change_needs_a_session():
    response = _post(_client(), PASSWORD, {"old_password": "a", "new_password": "b"})
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_openapi_documents_the_auth_endpoints():
    schema = _client().get("/api/v1/openapi.json").json()
    login = schema["paths"]["/api/v1/auth/login"]["post"]
    assert {"200", "401", "403", "429"} <= set(login["responses"])
    assert "/api/v1/auth/logout" in schema["paths"]
