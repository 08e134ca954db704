"""The convention's rules on orders, withdrawal, tacit renewal and exclusion (art. 3 and 7.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum

from preau.core.audit import audit
from preau.core.errors import InvalidInput
from preau.groupement.errors import (
    AdherentNotEngaged,
    ExclusionNeedsJudgment,
    OrderBelowCommitment,
    WithdrawalNotOpen,
)
from preau.groupement.models import Adherent, PurchaseOrder
from preau.groupement.services._common import authorize, today_or

ENGAGED = {Adherent.Commitment.FIRST_PERIOD, Adherent.Commitment.RENEWED}


def _locked(adherent: Adherent) -> Adherent:
    return Adherent.objects.select_for_update().select_related("groupement").get(pk=adherent.pk)


def _need(adherent: Adherent) -> int:
    return int(adherent.needs.aggregate(total=Sum("accounts"))["total"] or 0)


@transaction.atomic
def place_order(
    actor: Any,
    adherent: Adherent,
    accounts: int,
    period: str = PurchaseOrder.Period.FIRST,
    number: str = "",
    today: dt.date | None = None,
) -> PurchaseOrder:
    """One order covers the first 24 months and matches at least the need; later ones add."""
    authorize(actor, "order", adherent)
    day = today_or(today)
    adherent = _locked(adherent)
    if period not in PurchaseOrder.Period.values:
        raise InvalidInput("La période est « first » ou « renewal ».", code="invalid_period")
    if accounts < 1:
        raise InvalidInput("Une commande porte sur un compte au moins.", code="invalid_accounts")
    if adherent.commitment not in ENGAGED:
        raise AdherentNotEngaged()
    if period == PurchaseOrder.Period.RENEWAL and adherent.commitment != "renewed":
        raise AdherentNotEngaged(
            "Les commandes de la période de reconduction suivent la reconduction tacite, "
            "enregistrée à la fin de la première période (convention, article 3).",
            code="renewal_not_started",
        )
    existing = adherent.orders.filter(period=period)
    if period == PurchaseOrder.Period.FIRST and not existing.exists():
        need = _need(adherent)
        if accounts < need:
            raise OrderBelowCommitment(need=need, accounts=accounts, article="7.1")
    order = PurchaseOrder.objects.create(
        adherent=adherent,
        number=number or f"BC-{adherent.pk}-{period}-{existing.count() + 1}",
        period=period,
        accounts=accounts,
        ordered_on=day,
        created_by=actor,
    )
    audit(
        actor,
        "groupement.order_placed",
        adherent,
        document=order.number,
        period=period,
        accounts=accounts,
        ordered_on=str(day),
    )
    return order


@transaction.atomic
def record_withdrawal(
    actor: Any,
    adherent: Adherent,
    letter_received_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Adherent:
    """A withdrawal letter counts only if received in the two months before the first period
    ends (convention, article 3); never during the first 24 months otherwise."""
    authorize(actor, "withdraw", adherent)
    day = today_or(today)
    received = letter_received_on or day
    if received > day:
        raise InvalidInput("La date de réception du courrier ne peut pas être dans le futur.")
    adherent = _locked(adherent)
    if adherent.commitment != Adherent.Commitment.FIRST_PERIOD:
        raise AdherentNotEngaged(
            "Le retrait n'est possible qu'une fois, pendant la première période.",
            code="withdrawal_not_possible",
        )
    cal = adherent.groupement.calendar
    if not cal.in_window(received):
        message = None
        if received >= cal.first_period_end:
            message = (
                "La fenêtre de retrait est close : l'adhérent est reconduit tacitement pour les "
                "24 derniers mois du marché (convention, article 3)."
            )
        raise WithdrawalNotOpen(
            message, opens=cal.window_opens.isoformat(), closes=cal.window_last_day.isoformat()
        )
    adherent.commitment = Adherent.Commitment.WITHDRAWN
    adherent.withdrawal_letter_on = received
    adherent.save(update_fields=["commitment", "withdrawal_letter_on"])
    audit(
        actor,
        "groupement.withdrawal_recorded",
        adherent,
        document="courrier de retrait",
        letter_received_on=str(received),
        effective_on=str(cal.first_period_end),
    )
    return adherent


@transaction.atomic
def record_tacit_renewal(adherent: Adherent, today: dt.date | None = None) -> bool:
    """Without a withdrawal, the adherent is bound for the last 24 months, recorded on the date
    the first period ends. Returns whether anything was recorded (idempotent)."""
    day = today_or(today)
    adherent = _locked(adherent)
    cal = adherent.groupement.calendar
    if day < cal.first_period_end or adherent.commitment != Adherent.Commitment.FIRST_PERIOD:
        return False
    adherent.commitment = Adherent.Commitment.RENEWED
    adherent.renewed_on = cal.first_period_end
    adherent.save(update_fields=["commitment", "renewed_on"])
    audit(None, "groupement.tacit_renewal", adherent, renewed_on=str(cal.first_period_end))
    return True


@transaction.atomic
def exclude(
    actor: Any, adherent: Adherent, decision_reference: str, today: dt.date | None = None
) -> Adherent:
    """Exclusion only with the reference of the competent judge's decision (article 3)."""
    authorize(actor, "exclude", adherent)
    reference = (decision_reference or "").strip()
    if not reference:
        raise ExclusionNeedsJudgment(article="3")
    adherent = _locked(adherent)
    if adherent.commitment == Adherent.Commitment.EXCLUDED:
        return adherent
    adherent.commitment = Adherent.Commitment.EXCLUDED
    adherent.exclusion_decision = reference[:300]
    adherent.excluded_on = today_or(today)
    adherent.save(update_fields=["commitment", "exclusion_decision", "excluded_on"])
    audit(
        actor,
        "groupement.excluded",
        adherent,
        document=adherent.exclusion_decision,
        excluded_on=str(adherent.excluded_on),
    )
    return adherent
