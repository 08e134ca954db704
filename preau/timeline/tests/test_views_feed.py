"""Feed page, home preview, badge and preferences pages."""

import pytest
from django.urls import reverse

from preau.communication.tests.helpers import tiny_school
from preau.core.testing.fixtures import session_read_queries
from preau.messaging.factories import send
from preau.timeline.models import FeedEntry, NotificationPreference


@pytest.fixture
def tiny(db):
    return tiny_school()


def test_feed_page_filters_and_opening_marks_read(client, tiny, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(tiny.parent, tiny.teacher, subject="Piscine")
    client.force_login(tiny.teacher)
    page = client.get(reverse("timeline:feed")).content.decode()
    assert f"Nouveau message de {tiny.parent.display_name}" in page
    assert (
        "Nouveau message"
        not in client.get(reverse("timeline:feed") + "?service=carnet").content.decode()
    )
    entry = FeedEntry.objects.get(user=tiny.teacher)
    response = client.post(reverse("timeline:open", args=[entry.pk]))
    assert response["Location"] == reverse("messaging:read", args=[message.pk])
    assert (
        "Nouveau message" not in client.get(reverse("timeline:feed") + "?lu=non").content.decode()
    )


def test_badge_counts_messages_and_news(client, tiny, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(tiny.parent, tiny.teacher)
        send(tiny.director, tiny.teacher)
    client.force_login(tiny.teacher)
    badge = client.get(reverse("timeline:badge")).content.decode()
    assert 'Messages <span class="live-badge__count">2</span>' in badge
    assert 'Nouveautés <span class="live-badge__count">2</span>' in badge


def test_the_badge_every_page_polls_costs_three_queries(
    client, tiny, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        send(tiny.parent, tiny.teacher)
    client.force_login(tiny.teacher)
    client.get(reverse("timeline:badge"))  # the counters' statements compiled once per process
    # The signed-in person, then one statement per counter (plus the session without Redis).
    with django_assert_num_queries(3 + session_read_queries()):
        badge = client.get(reverse("timeline:badge")).content.decode()
    assert 'Messages <span class="live-badge__count">1</span>' in badge
    client.force_login(tiny.director)  # nothing unread: no row to count, and no error
    assert "live-badge__count" not in client.get(reverse("timeline:badge")).content.decode()


def test_stream_is_off_without_redis(client, tiny, settings):
    settings.PREAU_LIVE_BADGE = "poll"
    client.force_login(tiny.teacher)
    assert client.get(reverse("timeline:stream")).status_code == 204


def test_preferences_page_saves_choices(client, tiny):
    client.force_login(tiny.parent)
    assert "Un nouveau message" in client.get(reverse("timeline:preferences")).content.decode()
    client.post(reverse("timeline:preferences"), {"messaging.message": "never"})
    assert NotificationPreference.objects.get(user=tiny.parent).mode == "never"
