"""Reads of the actualités: the home page card and the list (one query each)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from preau.news import policies
from preau.news.models import NewsItem

HOME_LIMIT = 3


def news_for(user: Any) -> QuerySet[NewsItem]:
    return policies.visible_to(user).select_related("collectivite").order_by("-publish_at", "-id")


def latest_news_for(user: Any, limit: int = HOME_LIMIT) -> list[NewsItem]:
    """Published items only (an author's scheduled ones wait for their date)."""
    return list(news_for(user).filter(policies.published_q())[:limit])
