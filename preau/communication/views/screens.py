"""The director's screen (rules + school kill switch) and the académie admin's kill switch."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from preau.communication import policies, services
from preau.communication.describe import describe, school_toggles
from preau.communication.forms import SuspensionForm
from preau.communication.models import MessagingSuspension
from preau.core.errors import PreauError
from preau.directory.models import School


def _managed_school(request: HttpRequest, uai: str) -> School:
    school = get_object_or_404(School.objects.select_related("collectivite"), uai=uai.upper())
    if not policies.get_abilities(request.user, school)["manage_rules"]:
        raise Http404  # don't reveal schools one does not manage
    return school


def _active(**filters: Any) -> list[MessagingSuspension]:
    return list(
        MessagingSuspension.objects.filter(MessagingSuspension.active_q(), **filters)
        .select_related("school")
        .order_by("starts_at", "id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def school_rules(request: HttpRequest, uai: str) -> HttpResponse:
    school = _managed_school(request, uai)
    if request.method == "POST":
        values = {t.code: t.code in request.POST for t in school_toggles(school)}
        changed = services.set_school_rules(request.user, school, values)
        messages.success(
            request,
            "Règles enregistrées." if changed else "Aucune règle n'a changé.",
        )
        return redirect("communication:school", uai=school.uai)
    toggles = school_toggles(school)
    context = {
        "school": school,
        "toggles": toggles,
        "lines": describe(toggles),
        "form": SuspensionForm(),
        "suspensions": _active(school=school),
    }
    return render(request, "communication/school.html", context)


@login_required
@require_POST
def school_reset(request: HttpRequest, uai: str) -> HttpResponse:
    school = _managed_school(request, uai)
    services.reset_school_rules(request.user, school)
    messages.success(request, "Les règles par défaut de Préau sont rétablies.")
    return redirect("communication:school", uai=school.uai)


@login_required
@require_POST
def school_suspend(request: HttpRequest, uai: str) -> HttpResponse:
    school = _managed_school(request, uai)
    return _suspend(request, school, "communication:school", {"uai": school.uai})


@login_required
@require_http_methods(["GET", "POST"])
def academie(request: HttpRequest) -> HttpResponse:
    if not policies.get_abilities(request.user, None)["suspend_global"]:
        raise Http404
    if request.method == "POST":
        return _suspend(request, None, "communication:academie", {})
    context = {"form": SuspensionForm(), "suspensions": _active()}
    return render(request, "communication/academie.html", context)


@login_required
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    from_academie = request.POST.get("next") == "academie"
    try:
        suspension = services.lift_suspension(request.user, pk)
    except PreauError as exc:
        messages.error(request, exc.message)
        return redirect("communication:academie" if from_academie else "portal:home")
    messages.success(request, "La messagerie est rétablie pour cette portée.")
    if suspension.school is not None and not from_academie:
        return redirect("communication:school", uai=suspension.school.uai)
    return redirect("communication:academie")


def _suspend(
    request: HttpRequest, school: School | None, back: str, kwargs: dict[str, Any]
) -> HttpResponse:
    form = SuspensionForm(request.POST)
    if form.is_valid():
        try:
            services.suspend_messaging(
                request.user,
                reason=form.cleaned_data["reason"],
                school=school,
                profile=form.cleaned_data["profile"],
                ends_at=form.cleaned_data["ends_at"],
            )
        except PreauError as exc:
            messages.error(request, exc.message)
        else:
            messages.warning(request, "L'envoi de messages est suspendu dès maintenant.")
            return redirect(back, **kwargs)
    else:
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"La suspension n'a pas été enregistrée. {problems}")
    return redirect(back, **kwargs)
