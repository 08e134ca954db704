"""Views shared by the whole site: health probes and friendly error pages."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers. Touches nothing else, so a slow database never restarts workers."""
    return JsonResponse({"status": "ok"})


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_tasks() -> None:
    """The task queue's table is reachable: fetch at most one id, never count."""
    from django_tasks_db.models import DBTaskResult

    list(DBTaskResult.objects.values_list("pk", flat=True)[:1])


def check_cache() -> None:
    key = f"preau:readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "tasks": check_tasks,
    "cache": check_cache,
}


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: database, task queue and cache reachable; 503 names what is not."""
    checks: dict[str, str] = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("readiness check %s failed", name)
            checks[name] = "error"
        else:
            checks[name] = "ok"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
