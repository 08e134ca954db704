"""The coordinator's console and the representative's space (server-rendered, read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from preau.groupement import clock, policies, selectors
from preau.groupement.models import Adherent


def visible_adherent(request: HttpRequest, pk: int, action: str = "view") -> Adherent:
    scope = policies.get_scope(request.user)
    adherent = (
        policies.visible_to(request.user, scope).select_related("adhesion").filter(pk=pk).first()
    )
    if adherent is None:
        raise Http404("Adhérent introuvable.")
    if not policies.get_abilities(request.user, adherent, scope)[action]:
        raise PermissionDenied
    return adherent


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Coordinator: the console. Representative: its adherent, or the list it represents."""
    scope = policies.get_scope(request.user)
    if scope.is_nobody:
        raise PermissionDenied
    today = clock.today()
    adherents: list[Any] = list(
        selectors.with_totals(policies.visible_to(request.user, scope), today).order_by(
            "legal_name"
        )
    )
    coordinator = policies.may_coordinate(request.user, scope)
    if not coordinator and len(adherents) == 1:
        return redirect("groupement:adherent", pk=adherents[0].pk)
    actual = selectors.activated_by_adherent([a.pk for a in adherents], today)
    rows = [
        {
            "adherent": a,
            "status": a.adhesion.get_status_display_for(a.need_lines > 0),
            "missing": a.adhesion.missing_documents(),
            "late": a.groupement.is_late(a.adhesion.letter_received_on),
            "actual": actual[a.pk],
            "over": actual[a.pk]["activated"] > a.ordered_total,
        }
        for a in adherents
    ]
    totals = {
        "need": sum(a.need_total for a in adherents),
        "ordered": sum(a.ordered_total for a in adherents),
        "loaded": sum(actual[a.pk]["loaded"] for a in adherents),
        "activated": sum(actual[a.pk]["activated"] for a in adherents),
        "late": sum(1 for a in adherents if a.groupement.is_late(a.adhesion.letter_received_on)),
        "incomplete": sum(1 for a in adherents if a.adhesion.missing_documents()),
    }
    return render(
        request,
        "groupement/console.html",
        {"rows": rows, "totals": totals, "coordinator": coordinator, "today": today},
    )


@login_required
def adherent(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_adherent(request, pk, "view_counts")
    page = selectors.adherent_page(item, clock.today())
    return render(
        request,
        "groupement/adherent.html",
        {
            "page": page,
            "a": item,
            "cal": item.groupement.calendar,
            "definitions": selectors.DEFINITIONS,
        },
    )


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_adherent(request, pk, "view_history")
    events = list(selectors.history_of(item)[:200])
    return render(request, "groupement/history.html", {"a": item, "events": events})
