import json
import logging
import threading
import time

import pytest
from django.test import RequestFactory
from django.urls import reverse

from preau.ops.middleware import GATE, OverloadProtectionMiddleware, retry_after_seconds


@pytest.fixture
def held_requests():
    """Occupies `n` slots of this process's gate, as `n` slow requests in flight would."""
    taken = []

    def hold(n):
        for _ in range(n):
            assert GATE.enter(0)
            taken.append(1)

    yield hold
    for _ in taken:
        GATE.leave()


@pytest.mark.django_db
def test_past_the_limit_a_new_page_gets_503_with_retry_after_without_touching_the_db(
    client, settings, held_requests, django_assert_num_queries
):
    settings.PREAU_MAX_CONCURRENT_REQUESTS = 4
    settings.PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS = 4
    settings.PREAU_OVERLOAD_RETRY_AFTER_SECONDS = 5
    client.get(reverse("accounts:login"))  # warm: URLconf and templates loaded
    held_requests(4)

    with django_assert_num_queries(0):  # how fast: bench/ (S10_overload), not a timed test
        response = client.get(reverse("accounts:login"))

    assert response.status_code == 503
    assert 5 <= int(response["Retry-After"]) <= 10
    assert "Service très demandé" in response.content.decode()


@pytest.mark.django_db
def test_open_sessions_keep_priority_over_new_visitors(client, settings, held_requests):
    settings.PREAU_MAX_CONCURRENT_REQUESTS = 4
    settings.PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS = 2
    held_requests(2)

    assert client.get(reverse("accounts:login")).status_code == 503
    client.cookies[settings.SESSION_COOKIE_NAME] = "an-open-session"
    assert client.get(reverse("accounts:login")).status_code == 200


@pytest.mark.django_db
def test_the_api_gets_a_typed_overload_error(client, settings, held_requests):
    settings.PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS = 1
    held_requests(1)

    response = client.get("/api/v1/me")

    assert response.status_code == 503
    assert response.json()["error"] == "overloaded"
    assert "réessayer" in response.json()["message"]


@pytest.mark.django_db
def test_probes_and_metrics_are_never_shed(client, settings, held_requests):
    settings.PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS = 1
    held_requests(1)

    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 503
    response = client.get(reverse("ops:metrics"))

    assert response.status_code == 200
    assert 'preau_http_requests_shed_total{reason="concurrency"}' in response.content.decode()


@pytest.mark.django_db
def test_a_request_that_waited_too_long_in_front_of_django_is_refused(client, settings):
    settings.PREAU_MAX_QUEUE_WAIT_MS = 500

    stale = client.get(reverse("accounts:login"), HTTP_X_REQUEST_START=f"t={time.time() - 2:.3f}")
    fresh = client.get(reverse("accounts:login"), HTTP_X_REQUEST_START=f"t={time.time():.3f}")

    assert stale.status_code == 503
    assert fresh.status_code == 200


def test_the_gate_admits_exactly_the_limit_under_concurrent_arrivals(settings):
    settings.PREAU_MAX_CONCURRENT_REQUESTS = 3
    settings.PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS = 3
    release = threading.Event()
    statuses = []

    def slow_view(request):
        from django.http import HttpResponse

        release.wait(5)
        return HttpResponse("ok")

    middleware = OverloadProtectionMiddleware(slow_view)
    factory = RequestFactory()
    threads = [
        threading.Thread(target=lambda: statuses.append(middleware(factory.get("/x")).status_code))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    release.set()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] * 3 + [503] * 5
    assert GATE.in_flight == 0


@pytest.mark.parametrize(
    ("wait_ms", "slot_freed_after_s", "status"),
    [
        (2000, 0.05, 200),  # a burst shorter than the wait is served
        (20, None, 503),  # sustained overload is still refused once the wait is over
    ],
)
@pytest.mark.django_db
def test_a_request_past_the_limit_waits_for_a_slot_then_is_served_or_refused(
    client, settings, held_requests, wait_ms, slot_freed_after_s, status
):
    settings.PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS = 1
    settings.PREAU_CONCURRENCY_WAIT_MS = wait_ms
    client.get(reverse("accounts:login"))
    held_requests(1)
    if slot_freed_after_s is not None:  # the request in flight finishes meanwhile
        threading.Timer(slot_freed_after_s, GATE.leave).start()

    response = client.get(reverse("accounts:login"))
    if slot_freed_after_s is not None:
        GATE.enter(0)  # the fixture gives back the slot it took

    assert response.status_code == status
    assert (status == 503) == ("Retry-After" in response)


def test_a_freed_slot_goes_to_a_waiter_whose_limit_allows_it():
    # Two waiters with different limits (no session: 1, a session: 2), two requests in flight:
    # when one finishes, the request with a session takes the slot, whoever waited first.
    GATE.enter(0)
    GATE.enter(0)
    admitted: list[str] = []

    def arrive(name, limit):
        if GATE.enter(limit, wait_s=30):
            admitted.append(name)
            GATE.leave()

    anonymous = threading.Thread(target=arrive, args=("anonymous", 1))
    signed_in = threading.Thread(target=arrive, args=("signed in", 2))
    anonymous.start()
    time.sleep(0.1)  # the request without a session waits first
    signed_in.start()
    time.sleep(0.1)
    GATE.leave()
    signed_in.join(timeout=5)

    assert admitted == ["signed in"]
    GATE.leave()  # the second request in flight finishes: the anonymous one gets in too
    anonymous.join(timeout=5)
    assert admitted == ["signed in", "anonymous"] and GATE.in_flight == 0


def test_retry_after_is_jittered(settings):
    settings.PREAU_OVERLOAD_RETRY_AFTER_SECONDS = 10
    values = {retry_after_seconds() for _ in range(200)}
    assert min(values) >= 10 and max(values) <= 20
    assert len(values) > 3


@pytest.mark.django_db
def test_one_access_log_line_per_request_with_user_and_request_id(client, settings, caplog):
    settings.PREAU_ACCESS_LOG = True
    caplog.set_level(logging.INFO, logger="preau.access")

    client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="req-abc-123")

    lines = [r for r in caplog.records if r.name == "preau.access"]
    assert len(lines) == 1
    record = lines[0]
    assert (record.method, record.path, record.status) == ("GET", "/compte/connexion/", 200)
    assert record.user_id == "-"
    assert record.request_id == "req-abc-123"
    assert record.duration_ms >= 0
    json.dumps(record.__dict__, default=str)


@pytest.mark.django_db
def test_the_access_log_names_the_signed_in_user(client, settings, caplog):
    from preau.directory.factories import UserFactory

    user = UserFactory.create()
    client.force_login(user)
    settings.PREAU_ACCESS_LOG = True
    caplog.set_level(logging.INFO, logger="preau.access")

    client.get(reverse("accounts:account"))

    (record,) = [r for r in caplog.records if r.name == "preau.access"]
    assert record.user_id == str(user.pk)
