"""Feed entries are private: a person sees, reads and marks only their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from preau.timeline.models import FeedEntry


def get_abilities(user: Any, obj: FeedEntry | None = None) -> dict[str, bool]:
    signed_in = bool(user is not None and getattr(user, "is_authenticated", False))
    own = signed_in and obj is not None and obj.user_id == user.pk
    return {"view": own, "mark_read": own, "set_preferences": signed_in}


def visible_to(user: Any) -> QuerySet[FeedEntry]:
    if user is None or not getattr(user, "is_authenticated", False):
        return FeedEntry.objects.none()
    return FeedEntry.objects.filter(user_id=user.pk)
