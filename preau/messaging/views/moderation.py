"""The teacher's moderation queue and the per-class "validate pupils' messages" switch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from preau.core.errors import PreauError
from preau.directory.models import SchoolClass
from preau.messaging import selectors
from preau.messaging.services import moderation


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    classes = selectors.moderated_classes(request.user)
    if not classes:
        raise Http404
    context = {"pending": selectors.moderation_queue(request.user), "classes": classes}
    return render(request, "messaging/moderation.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"
    try:
        (moderation.approve if approve else moderation.reject)(request.user, pk)
    except PreauError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Message validé et envoyé." if approve else "Message refusé.")
    return redirect("messaging:moderation")


@login_required
@require_POST
def set_class(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_object_or_404(SchoolClass.objects.select_related("school"), pk=pk)
    enabled = request.POST.get("enabled") == "on"
    try:
        moderation.set_class_moderation(request.user, school_class, enabled)
    except PreauError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{school_class.name} : les messages des élèves "
            + ("attendront votre validation." if enabled else "partent sans validation."),
        )
    return redirect("messaging:moderation")
