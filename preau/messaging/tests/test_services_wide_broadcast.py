"""An académie-wide broadcast: the normal send, rules checked, fanned out by the task
(ADR 0047, 0048)."""

import pytest
from django.db import connection

from preau.communication.services import suspend_messaging
from preau.messaging import selectors
from preau.messaging.errors import CommunicationForbidden, MessagingSuspended
from preau.messaging.factories import send
from preau.messaging.models import Delivery, Message
from preau.messaging.services import fanout, mailbox
from preau.timeline.models import FeedEntry


def _inbox_owners(message):
    return set(
        Delivery.objects.filter(message=message, box="inbox").values_list("user_id", flat=True)
    )


def _broadcast(wide, capture, group=None, **kw):
    """Send as the académie admin; the fan-out callbacks are returned, not yet run."""
    group = group or wide.parents
    with capture(execute=False) as callbacks:
        message = send(wide.admin, f"group:{group.pk}", subject="Grève du 12 mars", **kw)
    return message, callbacks


def test_the_request_writes_no_recipient_copy(wide, django_capture_on_commit_callbacks):
    message, callbacks = _broadcast(wide, django_capture_on_commit_callbacks)
    assert message.status == Message.Status.SENT
    assert _inbox_owners(message) == set()
    assert Message.objects.get(pk=message.pk).fanout_done_at is None
    assert len(callbacks) >= 1


def test_the_task_reaches_exactly_the_parents_of_the_academie(
    wide, settings, django_capture_on_commit_callbacks
):
    settings.PREAU_MESSAGING_FANOUT_BATCH = 2  # several batches
    message, callbacks = _broadcast(wide, django_capture_on_commit_callbacks)
    for callback in callbacks:
        callback()
    assert _inbox_owners(message) == wide.expected_parents()
    feed = FeedEntry.objects.filter(event__kind="messaging.message")
    assert set(feed.values_list("user_id", flat=True)) == wide.expected_parents()
    done = Message.objects.get(pk=message.pk)
    assert done.recipient_count == len(wide.expected_parents()) and done.fanout_done_at


def test_running_the_task_again_adds_nothing(wide, django_capture_on_commit_callbacks):
    message, callbacks = _broadcast(wide, django_capture_on_commit_callbacks)
    for callback in callbacks:
        callback()
    before = Delivery.objects.count(), FeedEntry.objects.count()
    Message.objects.filter(pk=message.pk).update(fanout_done_at=None)
    assert fanout.fan_out(message.pk) == 0
    assert (Delivery.objects.count(), FeedEntry.objects.count()) == before


def test_a_task_stopped_half_way_resumes_without_duplicates(
    wide, settings, django_capture_on_commit_callbacks
):
    settings.PREAU_MESSAGING_FANOUT_BATCH = 2
    message, _ = _broadcast(wide, django_capture_on_commit_callbacks)
    sources = fanout.member_sources(message, fanout.wide_groups(message))
    last = fanout.next_members_end(sources, 0, 2)
    fanout.deliver_members(message, sources, 0, last)  # the first batch, then a crash
    assert 0 < len(_inbox_owners(message)) < len(wide.expected_parents())
    fanout.fan_out(message.pk)
    assert _inbox_owners(message) == wide.expected_parents()


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("circonscription_parents", "school_a"),
        ("collectivite_parents", "school_a"),
        ("teachers", "teachers"),
    ],
)
def test_the_other_wide_groups_reach_their_own_people(
    wide, group, expected, django_capture_on_commit_callbacks
):
    t = wide.tiny
    message, callbacks = _broadcast(wide, django_capture_on_commit_callbacks, getattr(wide, group))
    for callback in callbacks:
        callback()
    want = {
        "school_a": {t.parent.pk, t.classmate_parent.pk, t.maternelle_parent.pk}
        | {wide.twice_parent.pk},
        "teachers": {t.teacher.pk, t.other_teacher.pk, t.director.pk},
    }[expected]
    assert _inbox_owners(message) == want


@pytest.mark.parametrize(
    "who", ["director", "teacher", "parent", "pupil", "inspector", "commune_admin", "other_admin"]
)
def test_anyone_else_is_refused_and_nothing_is_written(wide, who):
    sender = getattr(wide.tiny, who, None) or getattr(wide, who)
    with pytest.raises(CommunicationForbidden) as refused:
        send(sender, f"group:{wide.parents.pk}")
    assert refused.value.code == "communication_forbidden"
    assert not Message.objects.filter(sender=sender).exists()


def test_the_kill_switch_refuses_the_broadcast(wide):
    suspend_messaging(wide.admin, reason="Campagne frauduleuse")
    with pytest.raises(MessagingSuspended):
        send(wide.admin, f"group:{wide.parents.pk}")
    assert not Message.objects.exists()


def test_each_parent_reads_it_and_the_sender_sees_who_has_read(
    wide, django_capture_on_commit_callbacks
):
    message, callbacks = _broadcast(wide, django_capture_on_commit_callbacks)
    for callback in callbacks:
        callback()
    parent = wide.tiny.parent
    assert selectors.mailbox(parent, "inbox")[0].message_id == message.pk
    assert selectors.unread_count(wide.parent_b) == 1
    mailbox.mark_read(parent, message.pk)
    assert selectors.unread_count(parent) == 0 and selectors.unread_count(wide.parent_b) == 1
    receipts = selectors.receipts(Message.objects.get(pk=message.pk))
    assert (receipts.total, receipts.read) == (len(wide.expected_parents()), 1)


def test_receipts_of_a_huge_audience_list_readers_a_page_at_a_time(
    wide, settings, monkeypatch, django_capture_on_commit_callbacks, django_assert_num_queries
):
    monkeypatch.setattr(selectors, "RECEIPTS_SHOWN", 2)
    message, callbacks = _broadcast(wide, django_capture_on_commit_callbacks)
    for callback in callbacks:
        callback()
    readers = [wide.tiny.parent, wide.parent_b, wide.twice_parent]
    for reader in readers:
        mailbox.mark_read(reader, message.pk)
    message = Message.objects.get(pk=message.pk)
    with django_assert_num_queries(2):
        first = selectors.receipts(message)
    assert (first.total, first.read, first.readers_only, first.has_next) == (5, 3, True, True)
    assert [r.user_id for r in first.readers] == [wide.twice_parent.pk, wide.parent_b.pk]
    with django_assert_num_queries(2):
        second = selectors.receipts(message, page=2)
    assert [r.user_id for r in second.readers] == [wide.tiny.parent.pk]
    assert not second.has_next


@pytest.mark.parametrize("more", [0, 8])
def test_the_send_costs_the_same_whatever_the_academie_size(
    wide, more, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from preau.directory.factories import make_parent, make_pupil

    for _ in range(more):
        make_parent(make_pupil(wide.tiny.ce1))
    with (
        django_capture_on_commit_callbacks(execute=False),
        django_assert_num_queries(SEND_QUERIES),
    ):
        send(wide.admin, f"group:{wide.parents.pk}")


# The sender's context, the rules' check, then on PostgreSQL the one statement (the bound says
# "not now": message, sender's copy, event and audit only, ADR 0055); SQLite's ORM writes take
# 8 (savepoint, message, sender's copy, event, size bound, the message's event, audit, release).
SEND_QUERIES = 3 if connection.vendor == "postgresql" else 10


def _written(message):
    """The copies and feed entries of a fanned-out message, without ids."""
    message = Message.objects.select_related("event").get(pk=message.pk)
    copies = sorted(
        (d.user_id, d.box, d.read_at is None, d.date == message.sent_at)
        for d in Delivery.objects.filter(message=message)
    )
    feed = sorted(
        (f.user_id, f.service, f.created_at == message.event.created_at, f.read_at is None)
        for f in FeedEntry.objects.filter(event=message.event)
    )
    return copies, feed, message.recipient_count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the batch statement is PostgreSQL's")
def test_the_batch_statement_writes_what_the_orm_batches_write(
    wide, settings, django_capture_on_commit_callbacks
):
    settings.PREAU_MESSAGING_FANOUT_BATCH = 2
    by_statement, _ = _broadcast(wide, django_capture_on_commit_callbacks)
    by_orm, _ = _broadcast(wide, django_capture_on_commit_callbacks)
    fanout.fan_out(by_statement.pk)  # PostgreSQL: one statement per batch of 2
    by_orm = Message.objects.select_related("event").get(pk=by_orm.pk)
    sources = fanout.member_sources(by_orm, fanout.wide_groups(by_orm))
    after = 0
    while (last := fanout.next_members_end(sources, after, 2)) is not None:
        fanout.deliver_members(by_orm, sources, after, last)
        after = last
    fanout.finish(by_orm)
    assert _written(by_statement) == _written(by_orm)
    assert {c[0] for c in _written(by_statement)[0] if c[1] == "inbox"} == wide.expected_parents()
