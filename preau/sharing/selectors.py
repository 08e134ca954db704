"""Reads for share dialogs: who may be offered, and who a resource is shared with."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from preau.communication.selectors import Recipient, visible_recipients
from preau.sharing.models import Share


def share_candidates(actor: Any, query: str = "", limit: int = 20) -> list[Recipient]:
    """The share dialog's picker: exactly what the communication rules let `actor` reach."""
    return visible_recipients(actor, query, limit)


def shares_of(resource: Model) -> list[Share]:
    """Who a resource is shared with (1 query), for the dialog's current list."""
    return list(
        Share.objects.filter(
            content_type=ContentType.objects.get_for_model(resource), object_id=resource.pk
        )
        .select_related("user", "group")
        .order_by("group__name", "user__last_name", "user__first_name", "id")
    )
