from __future__ import annotations

import pytest
from django.test import Client

from preau.core import views

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_every_check(django_assert_num_queries):
    with django_assert_num_queries(2):  # SELECT 1, one row of the task table at most
        response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "tasks": "ok", "cache": "ok"},
    }


def _broken() -> None:
    raise RuntimeError("unreachable")


@pytest.mark.parametrize("check", ["database", "tasks", "cache"])
def test_readyz_is_503_and_names_the_failing_check(monkeypatch, check):
    monkeypatch.setitem(views.READINESS_CHECKS, check, _broken)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"][check] == "error"
    assert [name for name, state in body["checks"].items() if state == "ok"] == [
        name for name in ("database", "tasks", "cache") if name != check
    ]


def test_readyz_fails_when_the_task_table_is_missing(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(DBTaskResult._meta, "db_table", "no_such_table_here")
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == "error"


def test_probes_need_no_login_and_refuse_writes():
    assert Client().post("/healthz").status_code == 405
    assert Client().post("/readyz").status_code == 405


def test_healthz_with_a_session_cookie_still_leaves_the_database_alone(
    django_assert_num_queries,
):
    from preau.directory.factories import SchoolClassFactory, make_teacher

    browser = Client()
    browser.force_login(make_teacher(SchoolClassFactory.create()))
    with django_assert_num_queries(0):
        response = browser.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
