"""Reads of the fil de nouveautés: one person's feed page, unread counts, preferences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from preau.core.compiled import CompiledCount, Viewer
from preau.timeline import catalogue
from preau.timeline.models import FeedEntry, NotificationPreference
from preau.timeline.policies import visible_to

PAGE_SIZE = 30


def feed(
    user: Any, *, service: str = "", unread_only: bool = False, limit: int = PAGE_SIZE
) -> list[FeedEntry]:
    """Newest first, one query (entry + event + actor)."""
    entries: QuerySet[FeedEntry] = visible_to(user)
    if service:
        entries = entries.filter(service=service)
    if unread_only:
        entries = entries.filter(read_at__isnull=True)
    return list(
        entries.select_related("event", "event__actor").order_by("-created_at", "-id")[:limit]
    )


_unread = CompiledCount(
    lambda user_id: visible_to(Viewer(user_id)).filter(read_at__isnull=True), per="user_id"
)


def unread_count(user: Any) -> int:
    """The feed's unread counter: one statement, compiled once per process and prepared, since
    every page's badge asks it (ADR 0069)."""
    return _unread.count(user.pk) if getattr(user, "is_authenticated", False) else 0


@dataclass(frozen=True)
class PreferenceLine:
    code: str
    label: str
    service_label: str
    mode: str


def preferences(user: Any) -> list[PreferenceLine]:
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "mode")
    )
    return [
        PreferenceLine(
            k.code,
            k.label,
            catalogue.SERVICE_LABELS[k.service],
            chosen.get(k.code, k.default_mode),
        )
        for k in catalogue.KINDS
    ]
