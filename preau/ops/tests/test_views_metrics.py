import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult


def enqueue_rows(**counts):
    from django_tasks.base import TaskResultStatus

    for status, n in counts.items():
        for _ in range(n):
            DBTaskResult.objects.create(
                status=getattr(TaskResultStatus, status),
                args_kwargs={"args": [], "kwargs": {}},
                task_path="preau.ops.tests.fake",
                queue_name="default",
                backend_name="default",
            )


@pytest.mark.django_db
def test_metrics_show_requests_by_view_and_status_and_latency(client):
    client.get(reverse("healthz"))
    client.get("/nowhere-at-all")

    body = client.get(reverse("ops:metrics")).content.decode()

    assert 'preau_http_requests_total{method="GET",status="200",view="healthz"}' in body
    assert 'view="<unresolved>"' in body and 'status="404"' in body
    assert 'preau_http_request_duration_seconds_bucket{le="0.05",view="healthz"}' in body


@pytest.mark.django_db
def test_metrics_show_task_queue_depth_and_failures(client):
    enqueue_rows(READY=3, FAILED=2, SUCCESSFUL=4)

    body = client.get(reverse("ops:metrics")).content.decode()

    assert 'preau_task_queue_depth{queue="default"} 3.0' in body
    assert 'preau_tasks_failed{queue="default"} 2.0' in body


@pytest.mark.django_db
def test_task_figures_cost_one_query(client, django_assert_num_queries):
    enqueue_rows(READY=5, RUNNING=1, FAILED=1)
    with django_assert_num_queries(1):
        response = client.get(reverse("ops:metrics"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_metrics_refused_to_an_address_outside_the_allow_list(client, settings):
    settings.PREAU_METRICS_ALLOWED_IPS = ["10.0.0.1"]

    response = client.get(reverse("ops:metrics"))

    assert response.status_code == 403
    assert b"preau_http" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("header", "status"), [("Bearer s3cret-token", 200), ("Bearer nope", 403)])
def test_metrics_served_to_the_bearer_token_only(client, settings, header, status):
    settings.PREAU_METRICS_ALLOWED_IPS = []
    settings.PREAU_METRICS_TOKEN = "s3cret-token"

    response = client.get(reverse("ops:metrics"), HTTP_AUTHORIZATION=header)

    assert response.status_code == status


@pytest.mark.django_db
def test_bench_ping_is_hidden_unless_enabled(client, settings, django_assert_num_queries):
    settings.PREAU_BENCH_ENDPOINTS = False
    assert client.get(reverse("ops:bench_ping")).status_code == 404

    settings.PREAU_BENCH_ENDPOINTS = True
    with django_assert_num_queries(0):
        response = client.get(reverse("ops:bench_ping"))
    assert response.status_code == 200
    assert response.content == b"pong\n"
