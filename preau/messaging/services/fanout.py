"""Fan-out: one `Delivery` (and one feed entry) per recipient, groups expanded at send time.

Up to `PREAU_MESSAGING_SYNC_FANOUT` recipients, inside the sender's transaction (a class's 30
parents: two INSERT … SELECT statements). Above, a task writes them in keyset batches of
`PREAU_MESSAGING_FANOUT_BATCH` ids, each batch its own transaction: the sender's request never
writes a school's or an académie's rows, and a task that stops resumes without duplicates
(ADR 0025). Wide groups (a whole académie's parents…) have computed members, read from the
directory by the same batches, and always go to the task (ADR 0047).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from preau.communication.reach import is_cycle_1_pupil
from preau.core.sql import table_names
from preau.directory import audiences
from preau.directory.models import COMPUTED_KINDS, Group, GroupMembership
from preau.messaging.models import Delivery, Message
from preau.timeline import services as timeline
from preau.timeline.bulk import insert_select, next_batch_end
from preau.timeline.models import FeedEntry


def _may_receive(user_ref: str) -> dict[str, Any]:
    return {f"{user_ref}is_active": True, f"{user_ref}blocked_at__isnull": True}


def chosen_people(message: Message) -> QuerySet[Any]:
    """People chosen one by one (at most 50): active, not blocked, not cycle-1 pupils."""
    return (
        get_user_model()
        .objects.filter(pk__in=message.to_users, **_may_receive(""))
        .exclude(pk=message.sender_id)
        .exclude(is_cycle_1_pupil("pk"))
    )


def _receivers(source: QuerySet[Any], sender_id: int) -> QuerySet[Any]:
    """Rows (with a `user_id`) of people who may receive: active, not blocked, not the sender,
    not a cycle-1 pupil."""
    return (
        source.filter(**_may_receive("user__"))
        .exclude(user_id=sender_id)
        .exclude(is_cycle_1_pupil("user_id"))
    )


def member_sources(message: Message, wide: Sequence[Group] = ()) -> list[QuerySet[Any]]:
    """Where the chosen groups' members are read from, each with a `user_id` column: the stored
    memberships (the (group, user) index), and the profile holders of the wide groups' schools
    (`directory.audiences`, index `profile_holders`; ADR 0047). Both in user-id order.

    Raw rows: the batch bounds are read from them alone (an index-only scan); who may receive
    (`_receivers`) is applied when the copies are written."""
    wide_ids = {g.pk for g in wide}
    stored = [g for g in message.to_groups if g not in wide_ids]
    sources: list[QuerySet[Any]] = []
    if stored:
        sources.append(GroupMembership.objects.filter(group_id__in=stored))
    if wide:
        sources.append(audiences.holders(wide))
    return sources


def wide_groups(message: Message) -> list[Group]:
    """The computed groups among the message's groups (one query; none without groups)."""
    if not message.to_groups:
        return []
    return list(Group.objects.filter(pk__in=message.to_groups, kind__in=COMPUTED_KINDS))


def _member_ids(message: Message, sources: list[QuerySet[Any]]) -> QuerySet[Any]:
    """One `user_id` column over every source, each person who may receive once."""
    first, *rest = [_receivers(s, message.sender_id).values("user_id").order_by() for s in sources]
    return first.union(*rest) if rest else first.distinct()


def recipients(message: Message) -> QuerySet[Any]:
    """Everyone a sent message reaches (for tests and counts; the fan-out reads the parts)."""
    condition = Q(pk__in=chosen_people(message).values("pk"))
    for source in member_sources(message, wide_groups(message)):
        condition |= Q(pk__in=_receivers(source, message.sender_id).values("user_id"))
    return get_user_model().objects.filter(condition)


def is_small(message: Message) -> bool:
    """Few enough recipients to write in the request: an upper bound read from the indexes.

    One statement: the stored memberships counted up to the threshold, and whether any chosen
    group is a wide (computed) one, which is always left to the task: its size is a whole
    académie's, circonscription's or collectivité's (ADR 0047)."""
    limit = settings.PREAU_MESSAGING_SYNC_FANOUT - len(message.to_users)
    if limit < 0:
        return False
    if not message.to_groups:
        return True
    members = GroupMembership.objects.filter(group_id__in=message.to_groups).values("pk")
    wide = Group.objects.filter(pk__in=message.to_groups, kind__in=COMPUTED_KINDS).values("pk")
    count, has_wide = _count_and_exists(members.order_by()[: limit + 1], wide.order_by())
    return not has_wide and count <= limit


def _count_and_exists(bounded: QuerySet[Any], probe: QuerySet[Any]) -> tuple[int, bool]:
    """`SELECT (SELECT COUNT(*) FROM (bounded)), EXISTS(probe)`: two answers, one statement."""
    connection = connections[bounded.db]
    bounded_sql, bounded_params = bounded.query.sql_with_params()
    probe_sql, probe_params = probe.query.sql_with_params()
    # Both subqueries come from Django's compiler; every value is a parameter.
    sql = f"SELECT (SELECT COUNT(*) FROM ({bounded_sql}) b), EXISTS ({probe_sql})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*bounded_params, *probe_params])
        count, exists = cursor.fetchone()
    return int(count), bool(exists)


def message_url(message: Message) -> str:
    return reverse("messaging:read", args=[message.pk])


def dispatch(message: Message) -> None:
    """Called inside the send (or approval) transaction of a message now `sent`."""
    sender = message.sender
    small = is_small(message)
    message.event = timeline.create_event(
        "messaging.message",
        actor=sender,
        title=f"Nouveau message de {sender.display_name}",
        url=message_url(message),
        delivered=small,
    )
    if small:
        finish(message, deliver_all(message))
    else:
        message.save(update_fields=["event"])
        message_id = message.pk
        transaction.on_commit(lambda: _enqueue_fan_out(message_id))


def _enqueue_fan_out(message_id: int) -> None:
    from preau.messaging.tasks import fan_out_message

    fan_out_message.enqueue(message_id)


def deliver_all(message: Message) -> int:
    """In the request: the chosen people and the groups' members in one INSERT … SELECT, and
    their feed entries in one more (a class send: two statements whatever the class's size).
    Never for wide groups (`is_small` says no)."""
    sources = []
    if message.to_users:
        sources.append(chosen_people(message).values("pk").order_by())
    if message.to_groups:
        sources.append(_member_ids(message, member_sources(message)))
    if not sources:
        return 0
    source = sources[0] if len(sources) == 1 else sources[0].union(sources[1])
    inserted = _insert(message, source)
    _feed(message, Delivery.objects.all())
    return inserted


def deliver_chosen(message: Message) -> int:
    """Copies and feed entries for the people chosen one by one."""
    if not message.to_users:
        return 0
    inserted = _insert(message, chosen_people(message).values("pk"))
    _feed(message, Delivery.objects.filter(user_id__in=message.to_users))
    return inserted


def deliver_members(
    message: Message,
    sources: list[QuerySet[Any]],
    after: int | None = None,
    last: int | None = None,
) -> int:
    """Copies and feed entries for the groups' members with `after < id <= last` (or all)."""
    if not sources:
        return 0
    copies = Delivery.objects.all()
    if after is not None and last is not None:
        sources = [s.filter(user_id__gt=after, user_id__lte=last) for s in sources]
        copies = copies.filter(user_id__gt=after, user_id__lte=last)
    inserted = _insert(message, _member_ids(message, sources))
    _feed(message, copies)
    return inserted


def next_members_end(sources: list[QuerySet[Any]], after: int, size: int) -> int | None:
    """The end of the next batch: the smallest of the sources' own batch ends, so that no
    source gives more than `size` people to a batch; None once every source is done."""
    ends = [next_batch_end(s, "user_id", after, size) for s in sources]
    found = [end for end in ends if end is not None]
    return min(found) if found else None


def _feed(message: Message, copies: QuerySet[Delivery]) -> None:
    if message.event is not None:
        own = copies.filter(message=message, box=Delivery.Box.INBOX)
        timeline.add_to_feeds(message.event, own.values("user_id"))


def _insert(message: Message, source: QuerySet[Any, Any]) -> int:
    constants = {"message": message.pk, "box": Delivery.Box.INBOX, "date": message.sent_at}
    return insert_select(Delivery, constants, "user", source, conflict=("message", "user"))


def fan_out(message_id: int) -> int:
    """The task's body: batches of member ids, each in its own transaction; idempotent."""
    message = (
        Message.objects.filter(pk=message_id, status=Message.Status.SENT)
        .select_related("event")
        .first()
    )
    if message is None or message.fanout_done_at is not None:
        return 0
    batch = settings.PREAU_MESSAGING_FANOUT_BATCH
    sources = member_sources(message, wide_groups(message))
    inserted, after = 0, 0
    with transaction.atomic():
        inserted += deliver_chosen(message)
    if sources and message.event is not None and connection.vendor == "postgresql":
        inserted += _members_by_statement(message, sources, batch)
    else:
        while (last := next_members_end(sources, after, batch)) is not None:
            with transaction.atomic():
                inserted += deliver_members(message, sources, after, last)
            after = last
    with transaction.atomic():
        finish(message)
    return inserted


def _members_by_statement(message: Message, sources: list[QuerySet[Any]], size: int) -> int:
    """On PostgreSQL: batches of `size` members, each ONE statement (ADR 0063)."""
    inserted, after = 0, 0
    while True:
        last, read, added = deliver_next_members(message, sources, after, size)
        inserted += added
        if last is None or read < size:
            return inserted
        after = last


def deliver_next_members(
    message: Message, sources: list[QuerySet[Any]], after: int, size: int
) -> tuple[int | None, int, int]:
    """The next `size` members above `after` who may receive, their copies and their feed
    entries in one statement, atomic on its own: no batch end read beforehand, the new copies
    feed the feed entries (`RETURNING`) instead of being read back. Returns the last member's
    id (None when none is left), the members read and the copies inserted. PostgreSQL only."""
    event = message.event
    assert event is not None
    members = _member_ids(message, [s.filter(user_id__gt=after) for s in sources])
    members = members.order_by("user_id")[:size]
    sub_sql, sub_params = members.query.get_compiler(using=members.db).as_sql()
    params = [*sub_params, message.pk, Delivery.Box.INBOX, message.sent_at]
    params += [event.pk, event.created_at, event.service]
    with connections[members.db].cursor() as cursor:
        cursor.execute(_batch_sql(sub_sql), params)
        last, read, added = cursor.fetchone()
    return last, int(read), int(added)


def _batch_sql(members_sql: str) -> str:
    t = table_names(Delivery, FeedEntry)
    return f"""
WITH src AS ({members_sql}),
d AS (
    INSERT INTO {t["Delivery"]} (message_id, box, date, user_id)
    SELECT %s, %s, %s, src.user_id FROM src
    ON CONFLICT (message_id, user_id) DO NOTHING
    RETURNING user_id
), f AS (
    INSERT INTO {t["FeedEntry"]} (event_id, created_at, service, user_id)
    SELECT %s, %s, %s, d.user_id FROM d
    ON CONFLICT (event_id, user_id) DO NOTHING
)
SELECT (SELECT MAX(user_id) FROM src), (SELECT COUNT(*) FROM src), (SELECT COUNT(*) FROM d)
"""  # noqa: S608


def finish(message: Message, delivered: int | None = None) -> None:
    """Record the recipients' count (counted again after a batched fan-out) and notify."""
    if delivered is None:
        delivered = Delivery.objects.filter(message=message, box=Delivery.Box.INBOX).count()
    message.recipient_count = delivered
    message.fanout_done_at = timezone.now()
    message.save(update_fields=["recipient_count", "fanout_done_at", "event"])
    if message.event is not None:
        timeline.finish_delivery(message.event)
