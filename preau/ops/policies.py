"""Who may read the operations endpoints. No domain object here: the reader is a scraper."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest


def may_read_metrics(request: HttpRequest) -> bool:
    """A bearer token when one is configured, or a client address on the allow-list.

    Behind nginx every request comes from 127.0.0.1: the nginx site must refuse /metrics from
    outside (deploy/nginx/preau.conf does), or set `PREAU_METRICS_TOKEN`.
    """
    token = settings.PREAU_METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").encode(), token.encode())
    return request.META.get("REMOTE_ADDR", "") in settings.PREAU_METRICS_ALLOWED_IPS


def get_abilities(user: object, obj: object = None) -> dict[str, bool]:
    """Operations endpoints are not per-user: nobody gets them through a session."""
    return {"read_metrics": False}
