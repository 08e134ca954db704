"""What every action view of the carnet does: call one service, report the outcome in French."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest

from preau.core.errors import PreauError


def run_and_report(request: HttpRequest, action: Callable[[], object], success: str) -> str:
    """Run `action`; on a typed error return its French message, else "" (success recorded
    as a flash message unless htmx swaps the result in place)."""
    try:
        action()
    except PreauError as exc:
        if not request.headers.get("HX-Request"):
            messages.error(request, exc.message)
        return exc.message
    if not request.headers.get("HX-Request"):
        messages.success(request, success)
    return ""
