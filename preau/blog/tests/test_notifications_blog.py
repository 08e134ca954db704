"""Droit à l'image in notifications: a blog post with photos reaches families by a link only;
no photo, thumbnail or media address is ever mailed, least of all to the family that refused."""

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from preau.blog.factories import post_to
from preau.consent.factories import allow_photos, refuse_photos
from preau.timeline import services as timeline
from preau.timeline.models import FeedEntry
from preau.timeline.notifications import send_digests


def _mails_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


def _assert_link_only(message: Any, post: Any) -> None:
    assert f"/blog/article/{post.pk}/" in message.body
    assert "/blog/media/" not in message.body and "apercu" not in message.body
    assert message.attachments == []
    assert getattr(message, "alternatives", []) == []  # no HTML part, so no <img>
    assert post.title not in message.subject and post.title not in message.body


@pytest.mark.parametrize("mode", ["immediate", "digest"])
def test_parents_of_a_pupil_who_refused_photos_get_a_link_never_the_photo(
    fam: Any, mode: str, immediate_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    refuse_photos(fam.ana, school=fam.cls.school)
    allow_photos(fam.leo, fam.zoe, school=fam.cls.school)
    timeline.set_preferences(fam.mother, {"blog.post_published": mode})

    with django_capture_on_commit_callbacks(execute=True):
        post = post_to(fam.teacher, fam.blog, title="Photos de la kermesse", photos=3)
    if mode == "digest":
        send_digests(timezone.localdate())

    sent = _mails_to("claire@example.org")
    assert len(sent) == 1
    _assert_link_only(sent[0], post)
    assert FeedEntry.objects.filter(user=fam.mother, event__url__contains="/blog/").exists()


def test_no_family_outside_the_class_is_notified(
    fam: Any, immediate_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    timeline.set_preferences(fam.outsider_parent, {"blog.post_published": "immediate"})

    with django_capture_on_commit_callbacks(execute=True):
        post_to(fam.teacher, fam.blog, photos=1)

    assert _mails_to("nadia@example.org") == []
    assert not FeedEntry.objects.filter(user=fam.outsider_parent).exists()
