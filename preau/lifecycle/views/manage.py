"""The school's pages: who has activated, letters, renewal codes, blocking, restoring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from preau.accounts.models import User
from preau.consent.selectors import no_photo_ids
from preau.core.errors import PreauError
from preau.directory.models import School, SchoolClass
from preau.directory.policies import get_scope
from preau.imports import policies as import_policies
from preau.lifecycle import codes, policies, selectors
from preau.lifecycle.services import accounts, lifecycle
from preau.lifecycle.services.codes import issue_renewal_code
from preau.lifecycle.services.letters import generate_letters


def _require(user: Any, obj: Any, action: str) -> None:
    if not policies.get_abilities(user, obj)[action]:
        raise Http404


@login_required
@require_GET
def overview_view(request: HttpRequest) -> HttpResponse:
    """The classes whose accounts the person handles, by school; a director goes to the school."""
    classes = list(
        policies.visible_to(request.user)
        .filter(archived_at__isnull=True)
        .select_related("school")
        .order_by("school__name", "name")
    )
    schools = {c.school_id: c.school for c in classes}
    managed = [
        s for s in schools.values() if policies.get_abilities(request.user, s)["view_accounts"]
    ]
    if len(managed) == 1 and len(schools) == 1:
        return redirect("lifecycle:school", pk=managed[0].pk)
    return render(request, "lifecycle/overview.html", {"classes": classes})


@login_required
@require_GET
def school_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School, pk=pk)
    scope = get_scope(request.user)
    if not policies.school_abilities(scope, school)["view_accounts"]:
        raise Http404
    rows = selectors.activation_by_class(school)
    totals = {
        "pupils": sum(r.pupils for r in rows),
        "pupils_activated": sum(r.pupils_activated for r in rows),
    }
    can_import = import_policies.school_abilities(scope, school)["import"]
    context = {"school": school, "rows": rows, "can_import": can_import, **totals}
    return render(request, "lifecycle/school.html", context)


@login_required
@require_GET
def class_view(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_object_or_404(SchoolClass.objects.select_related("school"), pk=pk)
    _require(request.user, school_class, "view_accounts")
    context = {
        "school_class": school_class,
        "rows": selectors.class_accounts(school_class),
        "no_photo_ids": no_photo_ids(school_class),
        "manager": policies.get_abilities(request.user, school_class.school)["view_accounts"],
    }
    return render(request, "lifecycle/class.html", context)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _letters(request: HttpRequest, target: SchoolClass | School, slug: str) -> HttpResponse:
    _require(request.user, target, "print_letters")
    audience = request.GET.get("pour", "familles")
    try:
        pdf = generate_letters(request.user, target, audience)
    except PreauError as exc:
        return render(request, "lifecycle/error.html", {"message": exc.message}, status=exc.status)
    return _pdf_response(pdf, f"lettres-{audience}-{slug}-{timezone.localdate():%Y%m%d}.pdf")


@never_cache
@login_required
@require_GET
def class_letters_view(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_object_or_404(SchoolClass.objects.select_related("school"), pk=pk)
    return _letters(request, school_class, f"classe{school_class.pk}")


@never_cache
@login_required
@require_GET
def school_letters_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School, pk=pk)
    return _letters(request, school, school.uai.lower())


ACTIONS: dict[str, tuple[Callable[[Any, User], Any], str]] = {
    "code": (lambda a, t: codes.display(issue_renewal_code(a, t)), "Code de renouvellement"),
    "mot-de-passe": (accounts.set_temporary_password, "Mot de passe provisoire"),
    "bloquer": (accounts.block_account, "Compte bloqué"),
    "debloquer": (accounts.unblock_account, "Compte débloqué"),
    "restaurer": (lifecycle.restore, "Compte restauré"),
}


@never_cache
@login_required
@require_POST
def account_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one action on an account; a code or password is shown once, never stored."""
    if action not in ACTIONS:
        raise Http404
    target = get_object_or_404(User, pk=pk)
    service, title = ACTIONS[action]
    try:
        result = service(request.user, target)
    except PreauError as exc:
        return render(request, "lifecycle/error.html", {"message": exc.message}, status=exc.status)
    secret = result if isinstance(result, str) else ""
    context = {"target": target, "title": title, "secret": secret, "action": action}
    return render(request, "lifecycle/action_done.html", context)
