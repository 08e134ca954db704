"""Session rules applied on every request (rules.md §6).

- Absolute lifetime: a session opened more than `SESSION_ABSOLUTE_SECONDS` ago (12 h) is ended,
  whatever the activity.
- Idle timeout (30 min): `SESSION_COOKIE_AGE`, counted from the session's last save. Rather than
  rewriting the session on every request (`SESSION_SAVE_EVERY_REQUEST`: one write per page view,
  the largest cost of a cached page), an active session is re-saved once its last refresh is
  `SESSION_REFRESH_SECONDS` old (60 s), so the timeout is exact to within that (ADR 0046).
- A person who must change their password sees only the password-change page (HTML) or gets
  403 `password_change_required` (API) until they do.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from preau.accounts.errors import PasswordChangeRequired

LOGIN_AT_KEY = "preau_login_at"
EXPIRED_KEY = "preau_session_expired"
REFRESHED_AT_KEY = "preau_refreshed_at"

# Paths that never need a session check (probes, static files) or that a person who must change
# their password still needs (the change itself, logging out).
_SKIPPED_PREFIXES = ("/healthz", "/readyz", "/static/")
_API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(_API_PREFIX)


def _allowed_while_password_change_required(request: HttpRequest) -> bool:
    allowed = (
        reverse("accounts:password_change"),
        reverse("accounts:logout"),
        reverse("api:auth_logout"),
        reverse("api:auth_password_change"),
    )
    return request.path in allowed


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(_SKIPPED_PREFIXES) or not request.user.is_authenticated:
            return self.get_response(request)
        if self._session_too_old(request):
            self._end_session(request)
            return self.get_response(request)
        self._keep_alive(request)
        if getattr(request.user, "must_change_password", False):
            refusal = self._password_change_refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    @staticmethod
    def _keep_alive(request: HttpRequest) -> None:
        """Push the idle deadline back, writing the session at most once a refresh period."""
        now = int(time.time())
        refreshed_at = request.session.get(REFRESHED_AT_KEY, 0)
        if now - int(refreshed_at) >= settings.SESSION_REFRESH_SECONDS:
            request.session[REFRESHED_AT_KEY] = now

    @staticmethod
    def _session_too_old(request: HttpRequest) -> bool:
        login_at = request.session.get(LOGIN_AT_KEY)
        if login_at is None:  # a login that did not go through our flow (the operators' admin)
            request.session[LOGIN_AT_KEY] = int(time.time())
            return False
        return time.time() - float(login_at) > settings.SESSION_ABSOLUTE_SECONDS

    @staticmethod
    def _end_session(request: HttpRequest) -> None:
        from preau.accounts.services import log_out

        log_out(request, reason="expired")
        request.session[EXPIRED_KEY] = True

    @staticmethod
    def _password_change_refusal(request: HttpRequest) -> HttpResponse | None:
        if _allowed_while_password_change_required(request):
            return None
        if is_api_request(request):
            error = PasswordChangeRequired()
            return JsonResponse(error.as_payload(), status=error.status)
        target = reverse("accounts:password_change")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
