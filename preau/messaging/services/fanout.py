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


def recipients(message: Message) -> QuerySet[Any]:
    """The people a sent message reaches: chosen people and members of chosen groups."""
    in_groups = GroupMembership.objects.filter(group_id__in=message.to_groups).values("user_id")
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=message.to_users) | Q(pk__in=in_groups),
            is_active=True,
            blocked_at__isnull=True,
        )
        .exclude(pk=message.sender_id)
        .exclude(is_cycle_1_pupil("pk"))
    )


def message_url(message: Message) -> str:
    return reverse("messaging:read", args=[message.pk])


def dispatch(message: Message) -> None:
    """Called inside the send (or approval) transaction of a message now `sent`."""
    sender = message.sender
    message.event = timeline.create_event(
        "messaging.message",
        actor=sender,
        title=f"Nouveau message de {sender.display_name}",
        url=message_url(message),
    )
    message.save(update_fields=["event"])
    limit = settings.PREAU_MESSAGING_SYNC_FANOUT
    if recipients(message)[: limit + 1].count() <= limit:
        deliver_range(message, None, None)
        finish(message)
    else:
        message_id = message.pk
        transaction.on_commit(lambda: _enqueue_fan_out(message_id))


def _enqueue_fan_out(message_id: int) -> None:
    from preau.messaging.tasks import fan_out_message

    fan_out_message.enqueue(message_id)


def deliver_range(message: Message, after: int | None, last: int | None) -> int:
    """Deliveries then feed entries for recipients with `after < id <= last` (all if None)."""
    people = recipients(message)
    copies = Delivery.objects.filter(message=message, box=Delivery.Box.INBOX)
    if after is not None and last is not None:
        people = people.filter(pk__gt=after, pk__lte=last)
        copies = copies.filter(user_id__gt=after, user_id__lte=last)
    inserted = insert_select(
        Delivery,
        {"message": message.pk, "box": Delivery.Box.INBOX, "date": message.sent_at},
        "user",
        people.values("pk"),
        conflict=("message", "user"),
    )
    if message.event is not None:
        timeline.add_to_feeds(message.event, copies.values("user_id"))
    return inserted


def fan_out(message_id: int) -> int:
    """The task's body: batches of ids, each in its own transaction; idempotent."""
    message = (
        Message.objects.filter(pk=message_id, status=Message.Status.SENT)
        .select_related("event")
        .first()
    )
    if message is None or message.fanout_done_at is not None:
        return 0
    batch = settings.PREAU_MESSAGING_FANOUT_BATCH
    people = recipients(message)
    inserted, after = 0, 0
    while (last := next_batch_end(people, "pk", after, batch)) is not None:
        with transaction.atomic():
            inserted += deliver_range(message, after, last)
        after = last
    with transaction.atomic():
        finish(message)
    return inserted


def finish(message: Message) -> None:
    message.recipient_count = Delivery.objects.filter(
        message=message, box=Delivery.Box.INBOX
    ).count()
    message.fanout_done_at = timezone.now()
    message.save(update_fields=["recipient_count", "fanout_done_at"])
    if message.event is not None:
        timeline.finish_delivery(message.event)
