"""Request observation (metrics and access log) and overload protection.

`ObservabilityMiddleware` sits right after `RequestIdMiddleware` so that the access-log line
carries the request id and shed requests are counted too; `OverloadProtectionMiddleware` comes
next and refuses work before any session, user or database access.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from preau.ops import metrics

access_logger = logging.getLogger("preau.access")

_NEVER_SHED = ("/healthz", "/readyz", "/metrics", "/static/")
_OVERLOAD_MESSAGE = (
    "Préau reçoit beaucoup de connexions en ce moment. Merci de réessayer dans quelques instants."
)
_OVERLOAD_PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Service très demandé — Préau</title></head><body><main>"
    f"<h1>Service très demandé</h1><p>{_OVERLOAD_MESSAGE}</p>"
    "<p>La page se rechargera quand vous réessaierez ; vos informations ne sont pas perdues.</p>"
    "</main></body></html>"
)


def _view_label(request: HttpRequest, response: HttpResponse) -> str:
    if getattr(response, "preau_shed", False):
        return "<shed>"
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return match.view_name or match._func_path


def _user_label(request: HttpRequest) -> str:
    """The user id only if the request already loaded the user: logging never adds a query."""
    user = request.__dict__.get("_cached_user")
    if user is None or not user.is_authenticated:
        return "-"
    return str(user.pk)


class ObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        metrics.IN_FLIGHT.inc()
        try:
            response = self.get_response(request)
        finally:
            metrics.IN_FLIGHT.dec()
        elapsed = time.perf_counter() - started
        view = _view_label(request, response)
        metrics.REQUESTS.labels(view, request.method or "-", str(response.status_code)).inc()
        metrics.LATENCY.labels(view).observe(elapsed)
        if settings.PREAU_ACCESS_LOG:
            self._log(request, response, view, elapsed)
        return response

    @staticmethod
    def _log(request: HttpRequest, response: HttpResponse, view: str, elapsed: float) -> None:
        access_logger.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            elapsed * 1000,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 2),
                "user_id": _user_label(request),
                "view": view,
                "request_id": getattr(request, "request_id", "-"),
            },
        )


class ConcurrencyGate:
    """Counts the requests in flight in this process; `enter` refuses past the limit, after
    waiting at most `wait_s` for a request to finish (a burst shorter than that is absorbed,
    sustained overload is still refused within that delay)."""

    def __init__(self) -> None:
        self._slot_freed = threading.Condition(threading.Lock())
        self.in_flight = 0

    def enter(self, limit: int, wait_s: float = 0.0) -> bool:
        with self._slot_freed:
            if limit > 0:
                deadline = time.monotonic() + wait_s
                while self.in_flight >= limit:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._slot_freed.wait(remaining)
            self.in_flight += 1
            return True

    def leave(self) -> None:
        with self._slot_freed:
            self.in_flight -= 1
            # Every waiter checks again: their limits differ (requests without a session have
            # a lower one), so the one `notify` would wake may not be able to take the slot.
            self._slot_freed.notify_all()


GATE = ConcurrencyGate()


class OverloadProtectionMiddleware:
    """503 + Retry-After at once, instead of queueing work the server cannot finish in time.

    Two cheap signals, no database: the requests in flight in this process (requests without a
    session cookie — new visitors and logins — get a lower limit, so open sessions keep priority)
    and, when nginx sends `X-Request-Start: t=<epoch seconds>`, the time the request already
    waited in front of Django.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(_NEVER_SHED):
            return self.get_response(request)
        if _waited_too_long(request):
            return _overloaded(request, "queue_wait")
        if not GATE.enter(_limit_for(request), settings.PREAU_CONCURRENCY_WAIT_MS / 1000):
            return _overloaded(request, "concurrency")
        try:
            return self.get_response(request)
        finally:
            GATE.leave()


def _limit_for(request: HttpRequest) -> int:
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return int(settings.PREAU_MAX_CONCURRENT_REQUESTS)
    return int(settings.PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS)


def _waited_too_long(request: HttpRequest) -> bool:
    limit_ms = settings.PREAU_MAX_QUEUE_WAIT_MS
    header = request.META.get("HTTP_X_REQUEST_START", "")  # `request.headers` builds them all
    if limit_ms <= 0 or not header:
        return False
    try:
        started = float(header.removeprefix("t="))
    except ValueError:
        return False
    return (time.time() - started) * 1000 > limit_ms


def retry_after_seconds() -> int:
    """The configured delay plus up to as much again, so that clients do not retry in step."""
    base = max(1, int(settings.PREAU_OVERLOAD_RETRY_AFTER_SECONDS))
    return base + random.randint(0, base)  # noqa: S311 - jitter, not a secret


def _overloaded(request: HttpRequest, reason: str) -> HttpResponse:
    metrics.SHED.labels(reason).inc()
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": "overloaded", "message": _OVERLOAD_MESSAGE}, status=503)
    else:
        response = HttpResponse(_OVERLOAD_PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after_seconds())
    response["Cache-Control"] = "no-store"
    response.preau_shed = True  # type: ignore[attr-defined]
    # Counted in the metrics; one ERROR line per refused request would flood the logs in a storm.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class ReadReplicaMiddleware:
    """Starts each request reading from the replicas; unsafe methods stay on the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from preau.ops.db_router import pinned_to_primary

        with pinned_to_primary(request.method not in ("GET", "HEAD", "OPTIONS")):
            return self.get_response(request)
