import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from preau.news.factories import publish
from preau.news.selectors import latest_news_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("for_families", "for_staff", "readers"),
    [
        (True, False, {"parent", "pupil"}),
        (False, True, {"teacher", "atsem", "director"}),
        (True, True, {"parent", "pupil", "teacher", "atsem", "director"}),
    ],
)
def test_news_reach_the_targeted_profiles_of_the_school(town, for_families, for_staff, readers):
    item = publish(town.mayor, town.school, for_families=for_families, for_staff=for_staff)
    for who in ("parent", "pupil", "teacher", "atsem", "director"):
        assert (item in latest_news_for(getattr(town, who))) == (who in readers), who


def test_scheduled_and_expired_news_are_not_shown(town):
    now = timezone.now()
    publish(town.director, town.school, title="Plus tard", publish_at=now + dt.timedelta(days=1))
    publish(
        town.director,
        town.school,
        title="Finie",
        publish_at=now - dt.timedelta(days=3),
        expires_at=now - dt.timedelta(days=1),
    )
    assert latest_news_for(town.parent) == []


@pytest.mark.parametrize("count", [1, 4])
def test_home_card_is_one_query(town, count, django_assert_num_queries):
    for i in range(count):
        publish(town.director, town.school, title=f"Info {i}")
    with django_assert_num_queries(1):
        assert len(latest_news_for(town.parent)) == min(count, 3)


def test_home_page_shows_the_latest_news(client, town):
    publish(town.director, town.school, title="Kermesse du 20 juin")
    client.force_login(town.parent)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Kermesse du 20 juin" in page and "Aucune actualité" not in page
    client.force_login(town.director)
    assert client.get(reverse("news:new")).status_code == 200
    client.force_login(town.parent)
    assert client.get(reverse("news:new")).status_code == 404


def test_home_card_is_read_from_the_cache_once_warm(town, django_assert_num_queries):
    from preau.news.selectors import home_news_for

    publish(town.director, town.school, title="Kermesse")
    assert [item.title for item in home_news_for(town.parent)] == ["Kermesse"]
    with django_assert_num_queries(0):
        assert [item.title for item in home_news_for(town.parent)] == ["Kermesse"]


@pytest.mark.django_db(transaction=True)
def test_a_publication_reaches_cached_home_cards_at_once(town):
    from preau.news.selectors import home_news_for

    publish(town.director, town.school, title="Kermesse")
    assert [item.title for item in home_news_for(town.parent)] == ["Kermesse"]
    publish(town.director, town.school, title="Carnaval")
    assert [item.title for item in home_news_for(town.parent)] == ["Carnaval", "Kermesse"]


def test_home_cards_cached_together_do_not_expire_together(town, monkeypatch):
    """After a morning's logins, everyone's card would otherwise be read again in the same second,
    every minute; each still shows a newly published item within a minute."""
    from django.core.cache import cache

    from preau.news import selectors

    lifetimes: list[int | None] = []
    real_set = cache.set

    def set_and_note(key: str, value: object, timeout: int | None) -> None:
        lifetimes.append(timeout)
        real_set(key, value)

    monkeypatch.setattr(cache, "set", set_and_note)
    for _ in range(30):
        cache.delete(f"news:home:{town.parent.pk}")
        selectors.home_news_for(town.parent)
    cards = [t for t in lifetimes if t is not None]
    assert len(cards) == 30 and len(set(cards)) > 5
    assert all(
        selectors.HOME_CACHE_SECONDS // 2 <= t <= selectors.HOME_CACHE_SECONDS for t in cards
    )
