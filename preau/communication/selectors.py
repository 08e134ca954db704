"""The one place every sending or sharing service asks (issue 4).

- `can_communicate(sender, recipient, replying_to=None)`: a person or a directory Group;
  constant number of queries (pinned in tests) whatever the size of the school or académie.
- `visible_recipients(user, query, limit)`: people and broadcast groups, search as you type.
- `messaging_suspended_for(user)`: the kill switch, read from the database at send time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from preau.communication.context import load_context
from preau.communication.listing import GROUP, PERSON, Found, recipient_rows
from preau.communication.models import MessagingSuspension
from preau.communication.reach import Reach, compute_reach, reachable_groups, reachable_people
from preau.directory.models import Group, ProfileAssignment

BANNER_CACHE_KEY = "communication:active-suspensions"
BANNER_CACHE_SECONDS = 60
MAX_LIMIT = 50


def reach_of(user: Any) -> Reach:
    return compute_reach(load_context(user))


def _user_suspensions_q(user: Any) -> Q:
    held = ProfileAssignment.objects.filter(user_id=user.pk)
    school_ids = held.exclude(school_id__isnull=True).values("school_id")
    profiles = held.values("profile")
    return (Q(school__isnull=True) | Q(school_id__in=school_ids)) & (
        Q(profile="") | Q(profile__in=profiles)
    )


def messaging_suspended_for(user: Any) -> MessagingSuspension | None:
    """The suspension that stops `user` sending now, if any (one query, never cached)."""
    return (
        MessagingSuspension.objects.filter(MessagingSuspension.active_q())
        .filter(_user_suspensions_q(user))
        .select_related("school")
        .first()
    )


def can_communicate(sender: Any, recipient: Any, *, replying_to: Any = None) -> bool:
    """May `sender` send to `recipient` (a User or a directory Group) now?

    `replying_to` is the author of a message `sender` received, vouched for by the calling
    service: a recipient may always answer the sender (rules.md §7.3), never reply-all.
    Refused while a kill switch covers the sender.
    """
    if not may_act(sender):
        return False
    if messaging_suspended_for(sender) is not None:
        return False
    if _is_reply_to_author(sender, recipient, replying_to):
        return bool(recipient.is_active and recipient.blocked_at is None)
    return may_reach(sender, recipient)


def may_reach(sender: Any, recipient: Any) -> bool:
    """The communication rules alone (no kill switch): used by sharing and the annuaire."""
    if not may_act(sender) or recipient is None:
        return False
    reach = reach_of(sender)
    if isinstance(recipient, Group):
        return reachable_groups(reach).filter(pk=recipient.pk).exists()
    if recipient.pk == sender.pk:
        return False
    return reachable_people(reach).filter(pk=recipient.pk).exists()


def _is_reply_to_author(sender: Any, recipient: Any, replying_to: Any) -> bool:
    if replying_to is None or recipient is None or isinstance(recipient, Group):
        return False
    return bool(replying_to.pk == recipient.pk != sender.pk)


def may_act(sender: Any) -> bool:
    """Whether this sender may write or share at all: signed in, active, not blocked."""
    return bool(
        sender is not None
        and getattr(sender, "is_authenticated", False)
        and sender.is_active
        and sender.blocked_at is None
    )


def can_reply(sender: Any, original_sender: Any) -> bool:
    return can_communicate(sender, original_sender, replying_to=original_sender)


@dataclass(frozen=True)
class Recipient:
    type: str  # "person" | "group"
    id: int
    display_name: str
    profile: str
    uai: list[str]


def visible_recipients(user: Any, query: str = "", limit: int = 20) -> list[Recipient]:
    """People then groups `user` may write to, matching `query`: 2 queries (the sender's context,
    then people and groups in one statement, `listing.recipient_rows`)."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    found = recipient_rows(reach_of(user), query, limit)
    persons = [_person(f) for f in found if f.kind == PERSON]
    room = limit - len(persons)
    return persons + [_group(f) for f in found if f.kind == GROUP][:room]


def _person(found: Found) -> Recipient:
    person = get_user_model()(
        id=found.id, first_name=found.first, last_name=found.name, usage_name=found.usage
    )
    return Recipient("person", found.id, person.display_name, found.profile, found.uai)


def _group(found: Found) -> Recipient:
    return Recipient("group", found.id, found.name, found.profile, found.uai)


def active_suspensions_cached(found: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """All active suspensions, for the banner; the services drop the cache on every change.
    `found`: cache values already fetched with `BANNER_CACHE_KEY` among them (or absent)."""
    cached = cache.get(BANNER_CACHE_KEY) if found is None else found.get(BANNER_CACHE_KEY)
    if cached is None:
        cached = list(
            MessagingSuspension.objects.filter(lifted_at__isnull=True).values(
                "id", "school_id", "profile", "reason", "starts_at", "ends_at"
            )
        )
        cache.set(BANNER_CACHE_KEY, cached, BANNER_CACHE_SECONDS)
    now = timezone.now()
    return [
        s for s in cached if s["starts_at"] <= now and (s["ends_at"] is None or s["ends_at"] > now)
    ]


def banner_for(user: Any, found: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """The suspension to show `user` as a banner: free when nothing is suspended.
    `found`: as for `active_suspensions_cached`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    active = active_suspensions_cached(found)
    if not active:
        return None
    held = set(
        ProfileAssignment.objects.filter(user_id=user.pk).values_list("school_id", "profile")
    )
    schools = {s for s, _ in held}
    profiles = {p for _, p in held}
    for suspension in active:
        if suspension["school_id"] not in (None, *schools):
            continue
        if suspension["profile"] and suspension["profile"] not in profiles:
            continue
        return suspension
    return None
