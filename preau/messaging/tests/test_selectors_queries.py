"""Query counts are part of the contract: they must not grow with the number of messages."""

import pytest
from django.db import connection
from django.urls import reverse

from preau.core.testing.fixtures import session_read_queries
from preau.directory.factories import make_parent, make_pupil
from preau.directory.models import Group
from preau.directory.services.groups import refresh_derived_groups
from preau.messaging import selectors
from preau.messaging.factories import send
from preau.messaging.services import compose
from preau.timeline import selectors as timeline_selectors

SCOPE_QUERIES = 4  # preau.directory.policies.get_scope


def fill(tiny, count):
    for n in range(count):
        send(tiny.parent, tiny.teacher, subject=f"Message {n}")


@pytest.mark.parametrize("count", [1, 12])
def test_inbox_is_one_query_whatever_its_size(tiny, count, django_assert_num_queries):
    fill(tiny, count)
    with django_assert_num_queries(1):
        copies = selectors.mailbox(tiny.teacher, "inbox")
        assert [c.message.sender.display_name for c in copies] == [tiny.parent.display_name] * count


@pytest.mark.parametrize("count", [1, 12])
def test_search_folders_and_counter(tiny, count, django_assert_num_queries):
    fill(tiny, count)
    with django_assert_num_queries(1):
        assert len(selectors.mailbox(tiny.teacher, query="message")) == count
    with django_assert_num_queries(2):
        assert selectors.folders(tiny.teacher)[0].unread == count
    with django_assert_num_queries(1):
        assert selectors.unread_count(tiny.teacher) == count


def test_thread_is_one_query(tiny, django_assert_num_queries):
    first = send(tiny.parent, tiny.teacher, subject="Question")
    for n in range(3):
        compose.send(
            tiny.teacher,
            to=[tiny.parent.pk],
            subject=f"Re {n}",
            body="ok",
            in_reply_to_id=first.pk,
            mode="reply",
        )
    with django_assert_num_queries(1):
        assert len(selectors.thread(tiny.parent, first)) == 4


@pytest.mark.parametrize("count", [1, 12])
def test_feed_is_one_query(
    tiny, count, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        fill(tiny, count)
    with django_assert_num_queries(1):
        entries = timeline_selectors.feed(tiny.teacher)
        assert [e.event.actor_id for e in entries] == [tiny.parent.pk] * count


@pytest.mark.parametrize("count", [1, 12])
def test_inbox_page_queries_do_not_grow(client, tiny, count, django_assert_num_queries):
    fill(tiny, count)
    client.force_login(tiny.teacher)
    # session and user, unread counter and folders, the page of messages, the banner's
    # suspensions (cache emptied by the fixture), the session's save and its transaction.
    with django_assert_num_queries(8 + session_read_queries()):
        response = client.get(reverse("messaging:mailbox"))
    assert response.content.decode().count('data-testid="mail-item"') == count


# On PostgreSQL a send is the sender's context, the rules' check in one statement (kill switch,
# people, groups) and its writes in one statement (ADR 0055). SQLite keeps the ORM writes:
# savepoint, message, sender's copy, event (born delivered), copies, feed entries, counters,
# audit, release, plus the size bound for groups. Was 18 and 22 before the class-send profile
# (ADR 0038), 12 and 13 before ADR 0055.
POSTGRES = connection.vendor == "postgresql"


def test_sending_to_one_parent_is_a_fixed_number_of_statements(tiny, django_assert_num_queries):
    with django_assert_num_queries(3 if POSTGRES else 11):
        send(tiny.teacher, tiny.parent)


def test_sending_to_a_class_costs_the_same_whatever_its_size(tiny, django_assert_num_queries):
    parents = Group.objects.get(school_class=tiny.ce1, profile="responsable")
    with django_assert_num_queries(3 if POSTGRES else 12):
        send(tiny.teacher, f"group:{parents.pk}", tiny.parent)
    for _ in range(6):
        make_parent(make_pupil(tiny.ce1))
    refresh_derived_groups(tiny.school)
    with django_assert_num_queries(3 if POSTGRES else 12):
        message = send(tiny.teacher, f"group:{parents.pk}", tiny.parent)
    assert message.recipient_count == 8


@pytest.mark.parametrize("count", [1, 6])
def test_receipts_and_addressees_do_not_grow(tiny, count, django_assert_num_queries):
    for _ in range(count):
        make_parent(make_pupil(tiny.ce1))
    refresh_derived_groups(tiny.school)
    parents = Group.objects.get(school_class=tiny.ce1, profile="responsable")
    message = send(tiny.teacher, f"group:{parents.pk}", tiny.director)
    with django_assert_num_queries(2):
        receipts = selectors.receipts(message)
        assert (receipts.total, receipts.read) == (count + 3, 0)
    with django_assert_num_queries(2):
        who = selectors.addressees(message)
        assert [g.pk for g in who.groups] == [parents.pk]


@pytest.mark.parametrize("count", [1, 5])
def test_moderation_queue_and_classes(tiny, count, django_assert_num_queries):
    from preau.messaging.services import moderation

    moderation.set_class_moderation(tiny.teacher, tiny.ce1, True)
    for _ in range(count):
        send(tiny.pupil, tiny.teacher)
    with django_assert_num_queries(SCOPE_QUERIES + 1):
        queue = selectors.moderation_queue(tiny.teacher)
        assert [m.moderation_class_id for m in queue] == [tiny.ce1.pk] * count
    with django_assert_num_queries(SCOPE_QUERIES + 2):
        assert selectors.moderated_classes(tiny.teacher) == [(tiny.ce1, True)]
