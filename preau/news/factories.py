"""Actualités test data: items published through the service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from preau.news.models import NewsItem
from preau.news.services import publish_news


def publish(author: Any, school: Any, **fields: Any) -> NewsItem:
    defaults: dict[str, Any] = {
        "title": "Fête de l'école",
        "body": "Samedi 20 juin, dans la cour.",
        "school_ids": [school.pk],
        "publish_at": timezone.now() - dt.timedelta(minutes=1),
    }
    return publish_news(author, **{**defaults, **fields})
