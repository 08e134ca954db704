"""The home page: the person's services as tiles, by profile and per child."""

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from preau.accounts.models import User
from preau.communication.selectors import BANNER_CACHE_KEY, banner_for
from preau.directory.person_rows import person_row_values, rows_of
from preau.news.models import NewsItem
from preau.news.selectors import home_news_for, home_news_keys
from preau.portal.page_cache import cached_page, page_key
from preau.portal.selectors import home_of

TEMPLATE = "portal/home.html"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    # The news card, the banner's suspensions and the page itself: one cache round trip.
    found = cache.get_many([*home_news_keys(user), BANNER_CACHE_KEY, page_key(TEMPLATE, user.pk)])
    person = person_row_values(user.pk)
    news = home_news_for(user, found)
    suspension = banner_for(user, found)

    def context() -> dict[str, Any]:  # built only when the page is rendered
        home_page = home_of(user, rows_of(person))
        return {"home": home_page, "news": news, "messaging_suspension": suspension}

    # Everything the page shows (templates/portal/home.html, base.html and their includes), for
    # the page cache's digest (ADR 0054): the tiles and children's sections are a function of
    # the person's rows, their first name and the deployment (the catalogue and its URLs, which
    # the digest covers), so the rows themselves stand for them (ADR 0060).
    shown = (
        user.display_name,
        user.first_name,
        person,
        _news_shown(news),
        _suspension_shown(suspension),
    )
    return cached_page(request, TEMPLATE, context, shown, found)


def _news_shown(news: list[NewsItem]) -> tuple[Any, ...]:
    return tuple(
        (
            item.pk,
            item.title,
            item.body,
            item.publish_at.isoformat(),
            item.collectivite.name if item.collectivite_id else "",  # type: ignore[union-attr]
        )
        for item in news
    )


def _suspension_shown(suspension: dict[str, Any] | None) -> tuple[Any, ...]:
    if suspension is None:
        return ()
    ends_at = suspension["ends_at"]
    return (suspension["id"], suspension["reason"], ends_at.isoformat() if ends_at else "")
