"""Frozen reference-date counts and the annual invoice statement built from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from preau.core.audit import audit
from preau.groupement import conf, selectors
from preau.groupement.errors import SnapshotMissing
from preau.groupement.models import Adherent, Invoice, Snapshot, SnapshotLine
from preau.groupement.services._common import authorize, today_or


@transaction.atomic
def freeze_snapshot(
    actor: Any, adherent: Adherent, reference_date: dt.date
) -> tuple[Snapshot, bool]:
    """Freeze the counts at `reference_date`. A second call for the same date changes nothing
    and returns the frozen snapshot (`created` is False)."""
    authorize(actor, "manage", adherent)
    existing = Snapshot.objects.filter(adherent=adherent, reference_date=reference_date).first()
    if existing is not None:
        return existing, False
    rows = selectors.live_rows(adherent, reference_date)
    snapshot = Snapshot.objects.create(
        adherent=adherent,
        reference_date=reference_date,
        ordered=selectors.ordered_accounts(adherent, reference_date),
    )
    SnapshotLine.objects.bulk_create(
        SnapshotLine(
            snapshot=snapshot,
            uai=row.uai,
            school_name=row.school_name,
            profile=row.profile,
            need=row.counts.need,
            loaded=row.counts.loaded,
            activated=row.counts.activated,
            active=row.counts.active,
        )
        for row in rows
    )
    audit(
        actor,
        "groupement.snapshot_frozen",
        adherent,
        document=f"relevé du {reference_date}",
        reference_date=str(reference_date),
    )
    return snapshot, True


@dataclass(frozen=True)
class InvoiceLine:
    label: str
    uai: str
    accounts: int
    unit_price_cents: int

    @property
    def amount_cents(self) -> int:
        return self.accounts * self.unit_price_cents


def invoice_lines(invoice: Invoice) -> list[InvoiceLine]:
    """One line per school (its activated accounts), plus the commitment top-up when the
    accounts ordered exceed the activated ones: the adherent pays its commitment anyway."""
    per_school: dict[str, InvoiceLine] = {}
    for line in invoice.snapshot.lines.all():
        current = per_school.get(line.uai)
        count = (current.accounts if current else 0) + line.activated
        per_school[line.uai] = InvoiceLine(
            line.school_name or line.uai, line.uai, count, invoice.unit_price_cents
        )
    lines = list(per_school.values())
    activated = sum(line.accounts for line in lines)
    if invoice.accounts > activated:
        lines.append(
            InvoiceLine(
                "Complément d'engagement (comptes commandés non activés)",
                "",
                invoice.accounts - activated,
                invoice.unit_price_cents,
            )
        )
    return lines


def vat_of(total_ht_cents: int, rate_permille: int) -> int:
    """VAT rounded half up to the cent, in integers only."""
    return (total_ht_cents * rate_permille + 500) // 1000


@transaction.atomic
def issue_invoice(
    actor: Any, adherent: Adherent, year: int, today: dt.date | None = None
) -> tuple[Invoice, bool]:
    """The annual statement from the latest frozen snapshot of `year` (idempotent per year)."""
    authorize(actor, "manage", adherent)
    existing = Invoice.objects.filter(adherent=adherent, year=year).first()
    if existing is not None:
        return existing, False
    snapshot = (
        Snapshot.objects.filter(adherent=adherent, reference_date__year=year)
        .order_by("-reference_date")
        .first()
    )
    if snapshot is None:
        raise SnapshotMissing(year=year)
    activated = sum(line.activated for line in snapshot.lines.all())
    accounts = max(activated, snapshot.ordered)
    unit = conf.bpu_unit_price_cents()
    total_ht = accounts * unit
    vat = vat_of(total_ht, conf.vat_rate_permille())
    order = adherent.orders.order_by("ordered_on", "pk").first()
    invoice = Invoice.objects.create(
        adherent=adherent,
        snapshot=snapshot,
        year=year,
        number=f"EF-{year}-{adherent.pk:04d}",
        order_number=order.number if order else "",
        chorus_service_code=adherent.chorus_service_code,
        unit_price_cents=unit,
        accounts=accounts,
        total_ht_cents=total_ht,
        vat_cents=vat,
        total_ttc_cents=total_ht + vat,
        issued_on=today_or(today),
    )
    audit(actor, "groupement.invoice_issued", adherent, document=invoice.number, year=year)
    return invoice, True
