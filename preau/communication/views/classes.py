"""The teacher's per-class overrides of the school's off-by-default links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from preau.communication import policies, services
from preau.communication.describe import class_toggles
from preau.directory.models import SchoolClass

CHOICES = {"ecole": None, "on": True, "off": False}


@login_required
@require_http_methods(["GET", "POST"])
def class_rules(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_object_or_404(SchoolClass.objects.select_related("school"), pk=pk)
    if not policies.get_abilities(request.user, school_class)["manage_class_rules"]:
        raise Http404
    toggles = class_toggles(school_class)
    if request.method == "POST":
        values = {t.code: CHOICES.get(request.POST.get(t.code, "ecole")) for t in toggles}
        changed = services.set_class_rules(request.user, school_class, values)
        messages.success(
            request,
            "Réglages de la classe enregistrés." if changed else "Aucun réglage n'a changé.",
        )
        return redirect("communication:class", pk=school_class.pk)
    context = {"school_class": school_class, "toggles": toggles}
    return render(request, "communication/class.html", context)
