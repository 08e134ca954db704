"""All writes of the fil de nouveautés: publishing events, delivering them, read state, preferences.

Every service publishes through `publish(kind, actor=…, title=…, url=…, users=…, groups=…)` inside
its own transaction; delivery (one feed entry per person, then e-mails and live badges) runs in a
task enqueued on commit. Services that already wrote one row per recipient (the messagerie) create
the event with `create_event` and add their recipients with `add_to_feeds`, in the same batches.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from preau.core.audit import audit
from preau.core.errors import InvalidInput, NotFound
from preau.directory.models import GroupMembership
from preau.timeline import catalogue, pending
from preau.timeline.bulk import insert_select, next_batch_end
from preau.timeline.models import Event, FeedEntry, NotificationPreference

DELIVERY_BATCH = 5000


def create_event(
    kind: str, *, actor: Any, title: str, url: str, audience: Any = None, delivered: bool = False
) -> Event:
    """The event row alone (no recipient yet). Titles never quote a pupil's message.

    `delivered`: the caller writes every feed entry in this same transaction (a small send), so
    the event is born delivered (and due for notification) and `finish_delivery(event)` needs no
    UPDATE."""
    declared = catalogue.kind(kind)
    now = timezone.now() if delivered else None
    return Event.objects.create(
        kind=kind,
        service=declared.service,
        actor=actor,
        title=title[:200],
        url=url,
        audience=audience or {},
        delivered_at=now,
        notifications_due=now,
    )


def publish(
    kind: str,
    *,
    actor: Any,
    title: str,
    url: str,
    users: Iterable[int] = (),
    groups: Iterable[int] = (),
) -> Event:
    """Publish an event to people and directory groups; delivered by a task after commit."""
    audience = {"users": sorted(set(users)), "groups": sorted(set(groups))}
    event = create_event(kind, actor=actor, title=title, url=url, audience=audience)
    transaction.on_commit(lambda: _enqueue_delivery(event.pk))
    return event


def _enqueue_delivery(event_id: int) -> None:
    from preau.timeline.tasks import deliver_event

    deliver_event.enqueue(event_id)


def add_to_feeds(event: Event, user_ids: QuerySet[Any, Any]) -> int:
    """One feed entry per id of `user_ids` (a one-column queryset); idempotent."""
    return insert_select(
        FeedEntry,
        {"event": event.pk, "created_at": event.created_at, "service": event.service},
        "user",
        user_ids,
        conflict=("event", "user"),
    )


def audience_ids(event: Event) -> QuerySet[Any, Any]:
    """Active people named by the event's audience, the actor excepted, as an id queryset."""
    users = event.audience.get("users", [])
    groups = event.audience.get("groups", [])
    in_groups = GroupMembership.objects.filter(group_id__in=groups).values("user_id")
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=users) | Q(pk__in=in_groups), is_active=True, blocked_at__isnull=True
        )
        .exclude(pk=event.actor_id or 0)
    )


def deliver(event_id: int) -> int:
    """Expand the audience in batches of ids (resumable, idempotent), then notify."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.delivered_at is not None:
        return 0
    inserted, after = 0, 0
    people = audience_ids(event)
    while (last := next_batch_end(people, "pk", after, DELIVERY_BATCH)) is not None:
        with transaction.atomic():
            inserted += add_to_feeds(event, people.filter(pk__gt=after, pk__lte=last).values("pk"))
        after = last
    finish_delivery(event)
    return inserted


def finish_delivery(event: Event) -> None:
    """Mark the event delivered and due for notification; after commit, a task sends the mails
    and live badges of every due event (`pending`, ADR 0063)."""
    if event.delivered_at is None:
        event.delivered_at = event.notifications_due = timezone.now()
        Event.objects.filter(pk=event.pk, delivered_at__isnull=True).update(
            delivered_at=event.delivered_at, notifications_due=event.notifications_due
        )
    transaction.on_commit(pending.schedule)


def mark_read(actor: Any, entry_id: int) -> FeedEntry:
    entry = FeedEntry.objects.filter(pk=entry_id, user_id=actor.pk).first()
    if entry is None:
        raise NotFound()
    if entry.read_at is None:
        entry.read_at = timezone.now()
        FeedEntry.objects.filter(pk=entry.pk).update(read_at=entry.read_at)
    return entry


def mark_all_read(actor: Any, service: str = "") -> int:
    entries = FeedEntry.objects.filter(user_id=actor.pk, read_at__isnull=True)
    if service:
        entries = entries.filter(service=service)
    return entries.update(read_at=timezone.now())


def mark_read_for_target(user_id: int, url: str) -> int:
    """Opening the thing an event points at (a message) reads its feed entry too."""
    return FeedEntry.objects.filter(user_id=user_id, read_at__isnull=True, event__url=url).update(
        read_at=timezone.now()
    )


def set_preferences(actor: Any, modes: dict[str, str]) -> list[str]:
    """Per kind: immediate, digest or never. Returns the kinds whose mode changed."""
    for code, mode in modes.items():
        if code not in catalogue.KINDS_BY_CODE:
            raise InvalidInput(f"Type de nouveauté inconnu : {code}.", code="kind_unknown")
        if mode not in catalogue.MODES:
            raise InvalidInput(f"Mode de notification inconnu : {mode}.", code="mode_unknown")
    with transaction.atomic():
        current = dict(
            NotificationPreference.objects.filter(user_id=actor.pk).values_list("kind", "mode")
        )
        changed = [
            code
            for code, mode in modes.items()
            if current.get(code, catalogue.KINDS_BY_CODE[code].default_mode) != mode
        ]
        for code in changed:
            NotificationPreference.objects.update_or_create(
                user_id=actor.pk, kind=code, defaults={"mode": modes[code]}
            )
        if changed:
            audit(actor, "timeline.preferences.changed", actor, **{c: modes[c] for c in changed})
    return changed
