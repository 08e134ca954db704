"""The fil de nouveautés page, its home-page preview, the live badge and e-mail preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from preau.core.errors import PreauError
from preau.timeline import catalogue, live, selectors, services

HOME_PREVIEW = 5


def _filters(request: HttpRequest) -> tuple[str, bool]:
    service = request.GET.get("service", "")
    return (service if service in catalogue.SERVICE_LABELS else ""), request.GET.get("lu") == "non"


@login_required
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    service, unread_only = _filters(request)
    context = {
        "entries": selectors.feed(request.user, service=service, unread_only=unread_only),
        "services": catalogue.SERVICES,
        "service": service,
        "unread_only": unread_only,
    }
    return render(request, "timeline/feed.html", context)


@login_required
@require_GET
def home_preview(request: HttpRequest) -> HttpResponse:
    entries = selectors.feed(request.user, limit=HOME_PREVIEW)
    return render(request, "timeline/_preview.html", {"entries": entries})


@login_required
@require_POST
def open_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = services.mark_read(request.user, pk)
    return redirect(entry.event.url)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    service, _ = _filters(request)
    services.mark_all_read(request.user, request.POST.get("service", service))
    messages.success(request, "Toutes les nouveautés sont marquées comme lues.")
    return redirect("timeline:feed")


@login_required
@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    from preau.messaging.selectors import unread_count as unread_messages

    context = {
        "messages_unread": unread_messages(request.user),
        "feed_unread": selectors.unread_count(request.user),
    }
    return render(request, "timeline/_badge.html", context)


@login_required
@require_GET
def stream(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    if not live.enabled():
        return HttpResponse(status=204)  # the page polls instead
    user_id = int(request.user.pk or 0)
    # Under ASGI (the live process nginx sends this path to) the stream is a coroutine; under
    # WSGI (the embedded mode, or an app process reached directly) it holds a thread.
    events = live.alisten(user_id) if isinstance(request, ASGIRequest) else live.listen(user_id)
    response = StreamingHttpResponse(events, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        modes = {k.code: request.POST.get(k.code, k.default_mode) for k in catalogue.KINDS}
        try:
            changed = services.set_preferences(request.user, modes)
        except PreauError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, "Préférences enregistrées." if changed else "Aucune préférence n'a changé."
            )
        return redirect("timeline:preferences")
    context = {"lines": selectors.preferences(request.user), "modes": catalogue.MODES.items()}
    return render(request, "timeline/preferences.html", context)
