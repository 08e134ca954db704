"""A class send costs a fixed number of statements; on PostgreSQL its writes are one statement
that writes exactly what the ORM path writes (ADR 0055)."""

from typing import Any

import pytest
from django.db import DataError, connection, transaction

from preau.core.models import AuditEvent
from preau.directory.factories import make_parent, make_pupil
from preau.directory.models import Group
from preau.directory.services.groups import refresh_derived_groups
from preau.messaging.factories import send
from preau.messaging.models import Delivery, Message
from preau.messaging.services import one_statement
from preau.timeline.models import Event, FeedEntry

POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="the one statement is PostgreSQL's")
# The sender's context, the check (kill switch, people, groups), then the one write. The ORM
# path of SQLite: savepoint, message, sender's copy, event, size bound, copies, feed entries,
# counters, audit, release (ADR 0038).
CLASS_SEND_STATEMENTS = 3 if POSTGRES else 12


def _class_parents(tiny):
    return Group.objects.get(school_class=tiny.ce1, profile="responsable")


@pytest.mark.parametrize("more", [0, 12])
def test_a_class_send_is_a_fixed_number_of_statements(
    tiny, more, django_assert_num_queries, django_capture_on_commit_callbacks
):
    for _ in range(more):
        make_parent(make_pupil(tiny.ce1))
    refresh_derived_groups(tiny.school)
    parents = _class_parents(tiny)
    with (
        django_capture_on_commit_callbacks() as callbacks,
        django_assert_num_queries(CLASS_SEND_STATEMENTS),
    ):
        message = send(tiny.teacher, f"group:{parents.pk}", tiny.director)
    assert message.recipient_count == 3 + more
    assert len(callbacks) == 1  # the notifications, after commit
    copies = Delivery.objects.filter(message=message, box="inbox")
    assert copies.count() == 3 + more
    assert FeedEntry.objects.filter(event=message.event).count() == 3 + more


def _rows(message):
    """What a send wrote, without ids or dates: message, copies, event, feed, audit."""
    message = Message.objects.get(pk=message.pk)
    event = Event.objects.get(pk=message.event_id)
    copies = sorted(
        (d.user_id, d.box, d.read_at is not None, d.date == message.sent_at)
        for d in Delivery.objects.filter(message=message)
    )
    feed = sorted(
        (f.user_id, f.service, f.created_at == event.created_at)
        for f in FeedEntry.objects.filter(event=event)
    )
    audit = AuditEvent.objects.get(target_type="messaging.message", target_id=str(message.pk))
    return {
        "message": (
            message.sender_id,
            message.subject,
            message.body,
            message.body_text,
            message.status,
            message.mode,
            message.to_users,
            message.to_groups,
            message.in_reply_to_id,
            message.thread_id,
            message.recipient_count,
            message.fanout_done_at is not None,
            message.moderation_class_id,
        ),
        "event": (
            event.kind,
            event.service,
            event.actor_id,
            event.title,
            event.url == f"/messagerie/message/{message.pk}/",
            event.audience,
            event.delivered_at is not None,
            event.notifications_due == event.delivered_at,
        ),
        "copies": copies,
        "feed": feed,
        "audit": (audit.actor_id, audit.action, audit.data),
    }


@only_postgres
@pytest.mark.parametrize("reply", [False, True])
def test_the_one_statement_writes_what_the_orm_path_writes(tiny, monkeypatch, reply):
    to: tuple[Any, ...] = (f"group:{_class_parents(tiny).pk}", tiny.director)
    first = send(tiny.parent, tiny.teacher, subject="Question")
    kw = {"in_reply_to_id": first.pk, "mode": "reply"} if reply else {}
    if reply:
        to = (tiny.parent, *to)
    fast = send(tiny.teacher, *to, subject="Sortie", **kw)
    monkeypatch.setattr(one_statement, "applies", lambda **_: False)
    slow = send(tiny.teacher, *to, subject="Sortie", **kw)
    assert _rows(fast) == _rows(slow)
    assert _rows(fast)["message"][-3] == 3  # the class's two parents and the director


@only_postgres
def test_a_send_too_large_for_the_request_is_left_to_the_task(
    tiny, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.PREAU_MESSAGING_SYNC_FANOUT = 1
    parents = _class_parents(tiny)
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(3):
        message = send(tiny.teacher, f"group:{parents.pk}")
    stored = Message.objects.get(pk=message.pk)
    assert (stored.fanout_done_at, stored.recipient_count) == (None, 0)
    assert not Delivery.objects.filter(message=message, box="inbox").exists()
    assert stored.event is not None and stored.event.delivered_at is None
    assert AuditEvent.objects.filter(target_id=str(message.pk)).count() == 1
    for callback in callbacks:  # the fan-out task (run at once by the tests' backend)
        callback()
    stored.refresh_from_db()
    assert stored.recipient_count == 2 and stored.fanout_done_at is not None
    assert set(
        Delivery.objects.filter(message=message, box="inbox").values_list("user_id", flat=True)
    ) == {tiny.parent.pk, tiny.classmate_parent.pk}


@only_postgres
def test_nothing_is_written_when_the_statement_fails(tiny, monkeypatch):
    monkeypatch.setattr(one_statement, "_url_around_id", lambda: ("/x/", "/" * 400))
    before = (Message.objects.count(), Event.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DataError), transaction.atomic():  # the event's link is too long
        send(tiny.teacher, f"group:{_class_parents(tiny).pk}")
    after = (Message.objects.count(), Event.objects.count(), AuditEvent.objects.count())
    assert after == before


@only_postgres
def test_a_class_send_s_statements_are_planned_once_per_connection(tiny):
    """The sender's context, the check and the write are prepared on the connection and run
    from one generic plan (ADR 0058): PostgreSQL does not plan them again at each send."""
    parents = _class_parents(tiny)
    for _ in range(7):  # past the five custom plans PostgreSQL would otherwise try first
        send(tiny.teacher, f"group:{parents.pk}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s OR statement LIKE %s OR statement LIKE %s",
            ["%communication_messagingsuspension%", "%WITH ids AS%", "%directory_parentlink%"],
        )
        plans = cursor.fetchall()
    assert len(plans) == 3
    assert [(generic, custom) for _, generic, custom in plans] == [(7, 0)] * 3
