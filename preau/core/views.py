"""Views shared by the whole site: health probes and friendly error pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def healthz(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError  # written by the accounts/API helper


def readyz(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError  # written by the accounts/API helper
