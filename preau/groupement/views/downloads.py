"""Downloads: invoice statements and frozen counts (PDF, CSV), the console's CSV export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from preau.groupement import clock, documents, policies, selectors
from preau.groupement.models import Invoice, Snapshot
from preau.groupement.views.pages import visible_adherent


def _file(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _check_format(fmt: str) -> None:
    if fmt not in {"pdf", "csv"}:
        raise Http404("Format inconnu.")


@login_required
def invoice_download(request: HttpRequest, pk: int, invoice_id: int, fmt: str) -> HttpResponse:
    _check_format(fmt)
    item = visible_adherent(request, pk, "view_counts")
    invoice = get_object_or_404(
        Invoice.objects.select_related("snapshot", "adherent__groupement"),
        pk=invoice_id,
        adherent=item,
    )
    name = f"etat-facturation-{invoice.number}"
    if fmt == "pdf":
        return _file(documents.invoice_pdf(invoice), f"{name}.pdf", "application/pdf")
    return _file(documents.invoice_csv(invoice), f"{name}.csv", "text/csv; charset=utf-8")


@login_required
def snapshot_download(request: HttpRequest, pk: int, snapshot_id: int, fmt: str) -> HttpResponse:
    _check_format(fmt)
    item = visible_adherent(request, pk, "view_counts")
    snapshot = get_object_or_404(
        Snapshot.objects.select_related("adherent__groupement"), pk=snapshot_id, adherent=item
    )
    name = f"releve-{item.pk}-{snapshot.reference_date.isoformat()}"
    if fmt == "pdf":
        return _file(documents.snapshot_pdf(snapshot), f"{name}.pdf", "application/pdf")
    return _file(documents.snapshot_csv(snapshot), f"{name}.csv", "text/csv; charset=utf-8")


@login_required
def console_export(request: HttpRequest) -> HttpResponse:
    scope = policies.get_scope(request.user)
    if not policies.may_coordinate(request.user, scope):
        raise PermissionDenied
    today = clock.today()
    adherents: list[Any] = list(
        selectors.with_totals(policies.visible_to(request.user, scope), today).order_by(
            "legal_name"
        )
    )
    actual = selectors.activated_by_adherent([a.pk for a in adherents], today)
    content = documents.console_csv(adherents, actual)
    return _file(content, f"adherents-{today.isoformat()}.csv", "text/csv; charset=utf-8")
