"""Fil de nouveautés API: `GET /api/v1/timeline`, marking entries read."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from preau.timeline import catalogue, selectors, services

router = Router(tags=["timeline"])


class TimelineQuery(Schema):
    service: str = Field("", description="Code d'un service (messagerie, carnet, blog…).")
    unread: bool = Field(False, description="Seulement les nouveautés non lues.")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=100)


class Actor(Schema):
    id: int
    display_name: str


class EntryOut(Schema):
    id: int
    kind: str
    service: str
    title: str
    url: str
    date: dt.datetime
    read: bool
    actor: Actor | None


class TimelineOut(Schema):
    results: list[EntryOut]
    unread: int


@router.get("/timeline", response=TimelineOut, summary="Mon fil de nouveautés")
def timeline(request: HttpRequest, params: Query[TimelineQuery]) -> dict[str, object]:
    """Les nouveautés de la personne connectée, de la plus récente à la plus ancienne."""
    service = params.service if params.service in catalogue.SERVICE_LABELS else ""
    entries = selectors.feed(
        request.user, service=service, unread_only=params.unread, limit=params.limit
    )
    return {
        "results": [
            {
                "id": e.pk,
                "kind": e.event.kind,
                "service": e.service,
                "title": e.event.title,
                "url": e.event.url,
                "date": e.created_at,
                "read": e.read_at is not None,
                "actor": (
                    {"id": e.event.actor.pk, "display_name": e.event.actor.display_name}
                    if e.event.actor
                    else None
                ),
            }
            for e in entries
        ],
        "unread": selectors.unread_count(request.user),
    }


class ReadOut(Schema):
    id: int
    read: bool


@router.post("/timeline/{entry_id}/read", response=ReadOut, summary="Marquer une nouveauté lue")
def read(request: HttpRequest, entry_id: int) -> dict[str, object]:
    entry = services.mark_read(request.user, entry_id)
    return {"id": entry.pk, "read": True}
