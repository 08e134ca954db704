"""Communication API: `GET /api/v1/communication/visible` (issue 4)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from preau.communication.selectors import MAX_LIMIT, visible_recipients

router = Router(tags=["communication"])


class VisibleQuery(Schema):
    q: str = Field("", max_length=100, description="Début d'un nom ou d'un prénom (sans accents).")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


class RecipientOut(Schema):
    type: Literal["person", "group"]
    id: int
    display_name: str
    profile: str = Field(description="Profil de la personne ou du groupe (code stable).")
    uai: list[str] = Field(description="UAI des écoles de la personne ou du groupe.")


class VisibleOut(Schema):
    results: list[RecipientOut]


@router.get(
    "/communication/visible",
    response=VisibleOut,
    summary="Personnes et groupes à qui je peux écrire",
)
def visible(request: HttpRequest, params: Query[VisibleQuery]) -> dict[str, object]:
    """Destinataires permis par les règles de communication, recherche sans accents ni casse."""
    recipients = visible_recipients(request.user, params.q, params.limit)
    return {"results": [r.__dict__ for r in recipients]}
