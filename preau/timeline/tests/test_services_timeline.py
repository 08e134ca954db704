"""Events reach the right feeds; mails follow the person's choice and never carry content."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from preau.communication.tests.helpers import tiny_school
from preau.directory.models import Group
from preau.messaging.factories import send
from preau.timeline import services
from preau.timeline.models import FeedEntry
from preau.timeline.notifications import send_digests


@pytest.fixture
def tiny(db):
    return tiny_school()


def test_publish_to_a_group_reaches_its_members_once_after_commit(
    tiny, django_capture_on_commit_callbacks
):
    parents = Group.objects.get(school_class=tiny.ce1, profile="responsable")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(
            "messaging.moderation",
            actor=tiny.teacher,
            title="Essai",
            url="/fil/",
            users=[tiny.parent.pk],
            groups=[parents.pk],
        )
    got = sorted(FeedEntry.objects.values_list("user_id", flat=True))
    assert got == sorted([tiny.parent.pk, tiny.classmate_parent.pk])


def test_an_undeclared_kind_is_refused(tiny):
    with pytest.raises(ValueError):
        services.publish("blog.nothing", actor=None, title="x", url="/")


def test_immediate_mail_has_a_link_and_never_the_pupils_words(
    tiny, django_capture_on_commit_callbacks
):
    tiny.teacher.email = "enseignant@example.org"
    tiny.teacher.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = send(
            tiny.pupil, tiny.teacher, subject="Mon secret", body="<p>Mot de passe 1234</p>"
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["enseignant@example.org"]
    assert f"/messagerie/message/{message.pk}/" in sent.body
    assert (
        "secret" not in str(sent.subject) and "secret" not in sent.body and "1234" not in sent.body
    )


def test_never_means_no_mail(tiny, django_capture_on_commit_callbacks):
    tiny.teacher.email = "enseignant@example.org"
    tiny.teacher.save()
    services.set_preferences(tiny.teacher, {"messaging.message": "never"})
    with django_capture_on_commit_callbacks(execute=True):
        send(tiny.parent, tiny.teacher)
    assert mail.outbox == []


def test_daily_digest_is_sent_once_per_day(tiny, django_capture_on_commit_callbacks):
    tiny.parent.email = "parent@example.org"
    tiny.parent.save()
    services.set_preferences(tiny.parent, {"messaging.message": "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        send(tiny.teacher, tiny.parent, subject="Un")
        send(tiny.teacher, tiny.parent, subject="Deux")
    assert mail.outbox == []
    today = timezone.localdate()
    assert send_digests(today) == 1
    assert send_digests(today) == 0
    call_command("send_digests", "--date", today.isoformat())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("/messagerie/message/") == 2


def test_read_entries_are_left_out_of_the_digest(tiny, django_capture_on_commit_callbacks):
    tiny.parent.email = "parent@example.org"
    tiny.parent.save()
    services.set_preferences(tiny.parent, {"messaging.message": "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        send(tiny.teacher, tiny.parent)
    services.mark_all_read(tiny.parent)
    assert send_digests(timezone.localdate() + dt.timedelta(days=1)) == 0


def test_unknown_preference_is_refused_and_nothing_changes(tiny):
    from preau.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        services.set_preferences(tiny.parent, {"messaging.message": "hourly"})
    assert not tiny.parent.notification_preferences.exists()
