"""Operations endpoints: Prometheus metrics, and the benchmark's minimal view."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from preau.ops.metrics import CONTENT_TYPE_LATEST, render_metrics
from preau.ops.policies import may_read_metrics


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
