"""The answer to a throttled login: a French page (HTML) or the typed error (API), both 429."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from preau.accounts.errors import TooManyAttempts
from preau.accounts.middleware import is_api_request


def too_many_attempts_response(request: HttpRequest, retry_after: int) -> HttpResponse:
    error = TooManyAttempts(retry_after)
    response: HttpResponse
    if is_api_request(request):
        response = JsonResponse(error.as_payload(), status=error.status)
    else:
        response = render(
            request, "accounts/locked_out.html", {"message": error.message}, status=error.status
        )
    response["Retry-After"] = str(error.retry_after)
    return response


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: (login, IP) is cooling off."""
    from preau.accounts.services import lockout_seconds

    return too_many_attempts_response(request, lockout_seconds(request))
