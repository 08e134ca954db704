"""Reads of the actualités: the home page card and the list (one query each).

The home page card is also kept in the cache per person (`home_news_for`): the home page is the
most requested page of the ENT and its news rarely change. A publication changes the cache's news
generation, which retires every cached card at once; a card also lives at most
`HOME_CACHE_SECONDS`, so that an item reaching its publication or expiry date shows within that
delay (ADR 0046). Each card's lifetime is drawn between half of that and all of it: the cards of
people who signed in together (a morning's logins) would otherwise expire together every minute,
and their statements arrive in one burst that a loaded server answers with refusals.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from preau.news import policies
from preau.news.models import NewsItem

HOME_LIMIT = 3
HOME_CACHE_SECONDS = 60
GENERATION_KEY = "news:generation"


def news_for(user: Any) -> QuerySet[NewsItem]:
    return policies.visible_to(user).select_related("collectivite").order_by("-publish_at", "-id")


def latest_news_for(user: Any, limit: int = HOME_LIMIT) -> list[NewsItem]:
    """Published items only (an author's scheduled ones wait for their date)."""
    return list(news_for(user).filter(policies.published_q())[:limit])


def home_news_keys(user: Any) -> list[str]:
    """The cache keys `home_news_for` reads, for a caller that fetches them with others."""
    return [GENERATION_KEY, f"news:home:{user.pk}"]


def home_news_for(user: Any, found: Mapping[str, Any] | None = None) -> list[NewsItem]:
    """`latest_news_for` through the cache: one cache round trip, no SQL, when warm.
    `found`: the values of `home_news_keys(user)` already fetched (absent keys: not cached)."""
    generation_key, key = home_news_keys(user)
    if found is None:
        found = cache.get_many([generation_key, key])
    generation = found.get(generation_key)
    cached = found.get(key)
    if cached is not None and generation is not None and cached[0] == generation:
        return list(cached[1])
    if generation is None:
        generation = retire_home_news()
    items = latest_news_for(user)
    cache.set(key, (generation, items), home_card_lifetime())
    return items


def home_card_lifetime() -> int:
    """Seconds a cached card lives: at most `HOME_CACHE_SECONDS`, spread so that cards cached
    in the same second expire at different ones."""
    return random.randint(HOME_CACHE_SECONDS // 2, HOME_CACHE_SECONDS)  # noqa: S311 - not a secret


def retire_home_news() -> int:
    """A new news generation: every cached home card is read again. Returns the generation."""
    generation = time.time_ns()
    cache.set(GENERATION_KEY, generation, None)
    return generation
