"""Fan-out: one `Delivery` (and one feed entry) per recipient, groups expanded at send time.

Up to `PREAU_MESSAGING_SYNC_FANOUT` recipients, inside the sender's transaction (a class's 30
parents: two INSERT … SELECT statements). Above, a task writes them in keyset batches of
`PREAU_MESSAGING_FANOUT_BATCH` ids, each batch its own transaction: the sender's request never
writes a school's or an académie's rows, and a task that stops resumes without duplicates
(ADR 0025).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from preau.communication.reach import is_cycle_1_pupil
from preau.directory.models import GroupMembership
from preau.messaging.models import Delivery, Message
from preau.timeline import services as timeline
from preau.timeline.bulk import insert_select, next_batch_end


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


def group_members(message: Message) -> QuerySet[Any]:
    """Members of the chosen groups, read from the (group, user) index in user order."""
    return (
        GroupMembership.objects.filter(group_id__in=message.to_groups, **_may_receive("user__"))
        .exclude(user_id=message.sender_id)
        .exclude(is_cycle_1_pupil("user_id"))
    )


def recipients(message: Message) -> QuerySet[Any]:
    """Everyone a sent message reaches (for tests and counts; the fan-out reads the parts)."""
    return get_user_model().objects.filter(
        Q(pk__in=chosen_people(message).values("pk"))
        | Q(pk__in=group_members(message).values("user_id"))
    )


def is_small(message: Message) -> bool:
    """Few enough recipients to write in the request: an upper bound read from the indexes."""
    limit = settings.PREAU_MESSAGING_SYNC_FANOUT - len(message.to_users)
    if limit < 0:
        return False
    members = GroupMembership.objects.filter(group_id__in=message.to_groups)
    return not message.to_groups or members[: limit + 1].count() <= limit


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
    their feed entries in one more (a class send: two statements whatever the class's size)."""
    sources = []
    if message.to_users:
        sources.append(chosen_people(message).values("pk").order_by())
    if message.to_groups:
        sources.append(group_members(message).values("user_id").order_by().distinct())
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


def deliver_members(message: Message, after: int | None = None, last: int | None = None) -> int:
    """Copies and feed entries for the groups' members with `after < id <= last` (or all)."""
    if not message.to_groups:
        return 0
    members = group_members(message)
    copies = Delivery.objects.all()
    if after is not None and last is not None:
        members = members.filter(user_id__gt=after, user_id__lte=last)
        copies = copies.filter(user_id__gt=after, user_id__lte=last)
    inserted = _insert(message, members.values("user_id").distinct())
    _feed(message, copies)
    return inserted


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
    members = group_members(message)
    inserted, after = 0, 0
    with transaction.atomic():
        inserted += deliver_chosen(message)
    while (last := next_batch_end(members, "user_id", after, batch)) is not None:
        with transaction.atomic():
            inserted += deliver_members(message, after, last)
        after = last
    with transaction.atomic():
        finish(message)
    return inserted


def finish(message: Message, delivered: int | None = None) -> None:
    """Record the recipients' count (counted again after a batched fan-out) and notify."""
    if delivered is None:
        delivered = Delivery.objects.filter(message=message, box=Delivery.Box.INBOX).count()
    message.recipient_count = delivered
    message.fanout_done_at = timezone.now()
    message.save(update_fields=["recipient_count", "fanout_done_at", "event"])
    if message.event is not None:
        timeline.finish_delivery(message.event)
