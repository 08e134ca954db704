"""The benchmark's floors (ADR 0072): hidden unless enabled, signed-in only, and doing exactly
the work every signed-in request does (the session, the account) and nothing more."""

import pytest
from django.urls import reverse

from preau.directory.factories import UserFactory

pytestmark = pytest.mark.django_db

FLOORS = ["ops:bench_signed_in", "ops:bench_signed_in_file"]


@pytest.fixture
def enabled(settings):
    settings.PREAU_BENCH_ENDPOINTS = True
    settings.PREAU_X_ACCEL_REDIRECT_PREFIX = "/_protected/files/"
    return settings


@pytest.mark.parametrize("name", FLOORS)
def test_bench_floors_are_hidden_unless_enabled(client, settings, name):
    settings.PREAU_BENCH_ENDPOINTS = False
    settings.PREAU_X_ACCEL_REDIRECT_PREFIX = "/_protected/files/"
    client.force_login(UserFactory.create())

    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", FLOORS)
def test_bench_floors_refuse_an_anonymous_request(client, enabled, name):
    response = client.get(reverse(name))

    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response


def test_bench_file_floor_needs_nginx_to_send_the_bytes(client, enabled):
    enabled.PREAU_X_ACCEL_REDIRECT_PREFIX = ""
    client.force_login(UserFactory.create())

    assert client.get(reverse("ops:bench_signed_in_file")).status_code == 404


def test_bench_signed_in_floor_reads_the_session_and_the_account_only(
    client, enabled, django_assert_num_queries
):
    client.force_login(UserFactory.create())
    client.get(reverse("ops:bench_signed_in"))  # the session's first refresh is written here
    queries = 1 if enabled.SESSION_ENGINE.endswith("cached_db") else 2

    with django_assert_num_queries(queries):
        response = client.get(reverse("ops:bench_signed_in"))

    assert response.status_code == 200
    assert response.content == b"pong\n"


def test_bench_file_floor_answers_like_a_document_download_without_its_statement(
    client, enabled, django_assert_num_queries
):
    client.force_login(UserFactory.create())
    client.get(reverse("ops:bench_signed_in_file"))
    queries = 1 if enabled.SESSION_ENGINE.endswith("cached_db") else 2

    with django_assert_num_queries(queries):
        response = client.get(reverse("ops:bench_signed_in_file"))

    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/_protected/files/_bench/same-5mb.bin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
