"""Groupement API: adherents a person may see, commitments, orders and the withdrawal letter."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ValidationError as PydanticValidationError

from preau.core.errors import InvalidInput, NotFound, PermissionDenied
from preau.groupement import clock, policies, selectors, services
from preau.groupement.models import Adherent

router = Router(tags=["groupement"])


class AdherentOut(Schema):
    id: int
    legal_name: str
    kind: str
    siren: str
    represented_by: str = Field(description="« Lui-même » ou le nom du mandataire.")
    commitment: str = Field(
        description="first_period, withdrawn, renewed ou excluded (convention, article 3)."
    )


class ActualOut(Schema):
    loaded: int = Field(description="Comptes chargés dans les écoles rattachées.")
    activated: int = Field(description="Comptes activés par leur titulaire.")
    active: int = Field(description="Comptes connectés depuis le 1er septembre.")


class CommitmentOut(Schema):
    need: int = Field(description="Besoin exprimé en annexe 2.")
    ordered: int = Field(description="Comptes commandés pour la période en cours.")
    actual: ActualOut


class OrderIn(Schema):
    accounts: int = Field(ge=1)
    period: Literal["first", "renewal"] = "first"


class OrderOut(Schema):
    id: int
    number: str
    period: str
    accounts: int
    ordered_on: dt.date


class WithdrawalIn(Schema):
    letter_received_on: dt.date | None = Field(
        None, description="Date de réception du courrier (par défaut : aujourd'hui)."
    )


def _visible_adherent(request: HttpRequest, adherent_id: int, action: str) -> Adherent:
    scope = policies.get_scope(request.user)
    adherent = policies.visible_to(request.user, scope).filter(pk=adherent_id).first()
    if adherent is None:
        raise NotFound()
    if not policies.get_abilities(request.user, adherent, scope)[action]:
        raise PermissionDenied()
    return adherent


@router.get("/groupement/adherents", response=list[AdherentOut])
def list_adherents(request: HttpRequest) -> list[Adherent]:
    return list(policies.visible_to(request.user))


@router.get("/groupement/adherents/{adherent_id}/commitment", response=CommitmentOut)
def get_commitment(request: HttpRequest, adherent_id: int) -> dict[str, object]:
    adherent = _visible_adherent(request, adherent_id, "view_counts")
    result = selectors.commitment(adherent, clock.today())
    return {
        "need": result.need,
        "ordered": result.ordered,
        "actual": {
            "loaded": result.total.loaded,
            "activated": result.total.activated,
            "active": result.total.active,
        },
    }


@router.post("/groupement/adherents/{adherent_id}/orders", response={201: OrderOut})
def post_order(request: HttpRequest, adherent_id: int, payload: OrderIn) -> Status:
    adherent = _visible_adherent(request, adherent_id, "order")
    order = services.place_order(request.user, adherent, payload.accounts, payload.period)
    return Status(201, order)


@router.post(
    "/groupement/adherents/{adherent_id}/withdrawal",
    response={201: AdherentOut},
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": WithdrawalIn.json_schema()}},
        }
    },
)
def post_withdrawal(request: HttpRequest, adherent_id: int) -> Status:
    """Record the withdrawal letter; the body is optional (default: received today)."""
    adherent = _visible_adherent(request, adherent_id, "withdraw")
    is_json = request.content_type == "application/json" and request.body
    try:
        payload = WithdrawalIn.model_validate_json(request.body if is_json else b"{}")
    except PydanticValidationError as exc:
        raise InvalidInput("La date de réception est invalide (AAAA-MM-JJ).") from exc
    return Status(
        201, services.record_withdrawal(request.user, adherent, payload.letter_received_on)
    )
