"""CSV and PDF (weasyprint) documents: frozen counts, invoice statements, the console export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from preau.groupement import conf
from preau.groupement.models import Invoice, Snapshot
from preau.groupement.selectors import DEFINITIONS
from preau.groupement.services import invoice_lines

PDF_CSS = Path(__file__).with_name("pdf.css")


def euros(cents: int) -> str:
    """French money from integer cents: 123456 → « 1 234,56 € » (no float ever)."""
    units, rest = divmod(cents, 100)
    grouped = f"{units:,}".replace(",", "\u202f")
    return f"{grouped},{rest:02d}\u00a0€"


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def snapshot_csv(snapshot: Snapshot) -> str:
    rows: list[Sequence[object]] = [
        (
            line.uai,
            line.school_name,
            line.profile,
            line.need,
            line.loaded,
            line.activated,
            line.active,
        )
        for line in snapshot.lines.all()
    ]
    rows.append(("", "Total commandé", "", snapshot.ordered, "", "", ""))
    return _csv(["UAI", "École", "Profil", "Besoin", "Chargés", "Activés", "Actifs"], rows)


def invoice_csv(invoice: Invoice) -> str:
    rows: list[Sequence[object]] = [
        (
            line.uai,
            line.label,
            line.accounts,
            euros(line.unit_price_cents),
            euros(line.amount_cents),
        )
        for line in invoice_lines(invoice)
    ]
    rows += [
        ("", "Total HT", invoice.accounts, "", euros(invoice.total_ht_cents)),
        ("", "TVA", "", "", euros(invoice.vat_cents)),
        ("", "Total TTC", "", "", euros(invoice.total_ttc_cents)),
        ("", f"Bon de commande {invoice.order_number}", "", "", ""),
        ("", f"Code service Chorus Pro {invoice.chorus_service_code}", "", "", ""),
    ]
    return _csv(["UAI", "Libellé", "Comptes", "Prix unitaire HT", "Montant HT"], rows)


def console_csv(adherents: Iterable[Any], actual: dict[int, dict[str, int]]) -> str:
    rows = []
    for a in adherents:
        file = a.adhesion
        rows.append(
            (
                a.legal_name,
                a.get_kind_display(),
                a.siren,
                a.represented_by,
                file.get_status_display_for(a.need_lines > 0),
                file.letter_received_on or "",
                " ; ".join(file.missing_documents()),
                a.need_total,
                a.ordered_total,
                actual[a.pk]["loaded"],
                actual[a.pk]["activated"],
                a.get_commitment_display(),
            )
        )
    return _csv(
        [
            "Adhérent",
            "Nature",
            "SIREN",
            "Représenté par",
            "Dossier",
            "Courrier reçu le",
            "Pièces manquantes",
            "Besoin",
            "Commandé",
            "Chargés",
            "Activés",
            "Engagement",
        ],
        rows,
    )


def _pdf(template: str, context: dict[str, object]) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template, {**context, "definitions": DEFINITIONS})
    return bytes(HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(PDF_CSS))]))


def snapshot_pdf(snapshot: Snapshot) -> bytes:
    return _pdf(
        "groupement/pdf/snapshot.html",
        {"snapshot": snapshot, "adherent": snapshot.adherent, "lines": snapshot.lines.all()},
    )


def invoice_pdf(invoice: Invoice) -> bytes:
    lines = [
        {
            "label": line.label,
            "uai": line.uai,
            "accounts": line.accounts,
            "unit": euros(line.unit_price_cents),
            "amount": euros(line.amount_cents),
        }
        for line in invoice_lines(invoice)
    ]
    return _pdf(
        "groupement/pdf/invoice.html",
        {
            "invoice": invoice,
            "adherent": invoice.adherent,
            "lines": lines,
            "total_ht": euros(invoice.total_ht_cents),
            "vat": euros(invoice.vat_cents),
            "total_ttc": euros(invoice.total_ttc_cents),
            "vat_rate": f"{Decimal(conf.vat_rate_permille()) / 10:g}",
        },
    )
