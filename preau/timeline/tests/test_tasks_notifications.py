"""Notifications of delivered events: one task run for every event due, each person mailed once."""

import pytest
from django.conf import settings as django_settings
from django.core import mail

from preau.communication.tests.helpers import tiny_school
from preau.messaging.factories import send
from preau.timeline import live, pending
from preau.timeline.models import Event
from preau.timeline.tasks import send_due_notifications

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def tiny(db):
    school = tiny_school()
    for n, person in enumerate((school.parent, school.classmate_parent, school.teacher)):
        person.email = f"personne{n}@example.org"
        person.save()
    return school


def _waiting_tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=send_due_notifications.module_path, status="READY")


def test_sends_committed_one_after_another_wait_for_one_task(
    tiny, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    for subject in ("Un", "Deux", "Trois"):
        with django_capture_on_commit_callbacks(execute=True):
            send(tiny.teacher, tiny.parent, tiny.classmate_parent, subject=subject)
    assert _waiting_tasks().count() == 1
    assert mail.outbox == []
    assert send_due_notifications.call() == 6
    assert (
        sorted(m.to[0] for m in mail.outbox)
        == ["personne0@example.org"] * 3 + ["personne1@example.org"] * 3
    )
    assert send_due_notifications.call() == 0
    assert len(mail.outbox) == 6


def test_a_send_after_the_task_started_gets_a_task_of_its_own(
    tiny, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        send(tiny.teacher, tiny.parent, subject="Un")
    _waiting_tasks().get().claim("worker-1")  # a worker took it: it may have read the queue
    assert not _waiting_tasks().exists()
    with django_capture_on_commit_callbacks(execute=True):
        send(tiny.teacher, tiny.parent, subject="Deux")
    assert _waiting_tasks().count() == 1
    assert send_due_notifications.call() == 2


def test_every_due_event_is_notified_once_whatever_runs_the_task(
    tiny, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # committed, task not run yet
        send(tiny.teacher, tiny.parent, tiny.classmate_parent)
        send(tiny.parent, tiny.teacher)
    assert Event.objects.filter(notifications_due__isnull=False).count() == 2
    assert pending.send_due() == 3
    assert not Event.objects.filter(notifications_due__isnull=False).exists()
    assert pending.send_due() == 0
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("events", [1, 4])
def test_the_task_reads_the_same_statements_for_one_event_or_many(
    tiny, events, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(events):
            send(tiny.teacher, tiny.parent, tiny.classmate_parent)
    # claim (savepoint, select, clear, release), entries, preferences, mark mailed
    with django_assert_num_queries(7):
        assert pending.send_due() == 2 * events


def test_a_read_entry_is_not_mailed(tiny, django_capture_on_commit_callbacks):
    from preau.timeline import services

    with django_capture_on_commit_callbacks(execute=False):
        send(tiny.teacher, tiny.parent, tiny.classmate_parent)
    services.mark_all_read(tiny.parent)
    assert pending.send_due() == 1
    assert [m.to for m in mail.outbox] == [["personne1@example.org"]]


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="REDIS_URL absent : pas de badge poussé")
def test_a_person_gets_one_badge_push_for_all_the_events_of_a_run(
    tiny, settings, django_capture_on_commit_callbacks
):
    settings.PREAU_LIVE_BADGE = "sse"
    with django_capture_on_commit_callbacks(execute=False):
        send(tiny.teacher, tiny.parent, subject="Un")
        send(tiny.director, tiny.parent, subject="Deux")
    stream = live.listen(tiny.parent.pk, seconds=1)
    assert next(stream).startswith("retry:")
    pending.send_due()
    assert list(stream) == ["event: badge\ndata: changed\n\n"]


def test_each_person_gets_a_whole_mail_of_their_own(tiny, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = send(tiny.teacher, tiny.parent, tiny.classmate_parent)
    pending.send_due()
    mimes = [m.message() for m in mail.outbox]
    assert sorted(str(m["To"]) for m in mimes) == ["personne0@example.org", "personne1@example.org"]
    assert len({m["Message-ID"] for m in mimes}) == 2
    for mime in mimes:
        assert [k for k, _ in mime.items()].count("To") == 1
        assert f"/messagerie/message/{message.pk}/" in mime.get_payload(decode=True).decode()
        assert str(mime["Subject"]) == f"Nouveau message de {tiny.teacher.display_name}"
        assert b"\nContent-Type: text/plain" in mime.as_bytes()


def test_a_mailed_message_is_not_mailed_again_in_the_digest(
    tiny, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from preau.timeline import services
    from preau.timeline.notifications import send_digests

    with django_capture_on_commit_callbacks(execute=False):
        send(tiny.teacher, tiny.parent, subject="Déjà reçu")
    assert pending.send_due() == 1
    services.set_preferences(tiny.parent, {"messaging.message": "digest"})
    with django_capture_on_commit_callbacks(execute=False):
        send(tiny.teacher, tiny.parent, subject="Pas encore reçu")
    assert send_digests(timezone.localdate()) == 1
    digest = mail.outbox[-1]
    assert digest.to == ["personne0@example.org"]
    assert digest.body.count("/messagerie/message/") == 1
