"""Operations endpoints: Prometheus metrics, and the benchmark's reference views (404 unless
`PREAU_BENCH_ENDPOINTS`)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from preau.ops.metrics import CONTENT_TYPE_LATEST, render_metrics
from preau.ops.policies import may_read_metrics
from preau.storage.downloads import FileRef, file_response

# The file `/_bench/signed-in-file` hands to nginx: the benchmark puts it there (bench/files/s8.py).
BENCH_FILE = FileRef(
    key="_bench/same-5mb.bin",
    name="same-5mb.bin",
    size=0,  # nginx, which sends it, reads its size
    content_type="application/octet-stream",
    thumbnail_key="",
    thumbnail_size=0,
)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_read_metrics(request):
        return HttpResponse("Accès refusé.\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)


@require_GET
def bench_ping(request: HttpRequest) -> HttpResponse:
    """The framework ceiling: same middleware as every page, no session, no query."""
    if not settings.PREAU_BENCH_ENDPOINTS:
        raise Http404
    return HttpResponse(b"pong\n", content_type="text/plain")


@require_GET
def bench_signed_in(request: HttpRequest) -> HttpResponse:
    """The floor of every signed-in page: the minimal view plus the session read and the account
    checked, as every signed-in request does before its own work (ADR 0072)."""
    if not settings.PREAU_BENCH_ENDPOINTS:
        raise Http404
    if not request.user.is_authenticated:
        return HttpResponse(b"anonymous\n", status=403, content_type="text/plain")
    return HttpResponse(b"pong\n", content_type="text/plain")


@require_GET
def bench_signed_in_file(request: HttpRequest) -> HttpResponseBase:
    """The floor of a download through nginx: `bench_signed_in`, then the same answer as a
    document's (`file_response`, X-Accel-Redirect) for one fixed file, with no authorisation of
    its own (ADR 0072). Only where nginx serves the bytes."""
    if not settings.PREAU_BENCH_ENDPOINTS or not settings.PREAU_X_ACCEL_REDIRECT_PREFIX:
        raise Http404
    if not request.user.is_authenticated:
        return HttpResponse(b"anonymous\n", status=403, content_type="text/plain")
    return file_response(request, BENCH_FILE, download=True)
