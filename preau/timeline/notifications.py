"""E-mail notifications: immediate per event, or one daily digest per person.

Mails carry the event's title and a link, never a message's content (a pupil's words stay inside the
ENT). Both are idempotent: an entry is mailed once (`notified_at`), a person's digest once per day
(`DigestSent`), so a task that runs twice or resumes after a crash sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from preau.core.sql import id_list
from preau.timeline import catalogue
from preau.timeline.models import DigestSent, Event, FeedEntry, NotificationPreference
from preau.timeline.notice_mail import SameNotice

MAIL_BATCH = 500


def absolute(url: str) -> str:
    return settings.PREAU_PUBLIC_URL.rstrip("/") + url


def modes_for(user_ids: list[int], kinds: list[str]) -> dict[tuple[int, str], str]:
    """(user, kind) → mode, the catalogue's default where the person chose nothing."""
    chosen = {
        (u, k): m
        for u, k, m in NotificationPreference.objects.filter(
            user_id__in=user_ids, kind__in=kinds
        ).values_list("user_id", "kind", "mode")
    }
    return {
        (u, k): chosen.get((u, k), catalogue.KINDS_BY_CODE[k].default_mode)
        for u in user_ids
        for k in kinds
        if k in catalogue.KINDS_BY_CODE
    }


def mark_notified(entry_ids: list[int]) -> None:
    """These feed entries are mailed (at once or in a digest): one statement whatever their
    number, its ids one array parameter (`id_list`), so that its text is the same for every
    batch and PostgreSQL parses and plans one statement, not one per batch size."""
    FeedEntry.objects.filter(pk__in=id_list(entry_ids)).update(notified_at=timezone.now())


def immediate_text(event: Event) -> str:
    return (
        f"Bonjour,\n\n{event.title}.\n\nPour le lire, connectez-vous à "
        f"{settings.PREAU_INSTANCE_NAME} :\n{absolute(event.url)}\n\n"
        "Vous recevez ce courriel selon vos préférences de notification, modifiables ici :\n"
        f"{absolute('/fil/preferences/')}\n"
    )


def send_immediate(event_id: int) -> int:
    """Mail every recipient who wants this kind at once and has not read it yet."""
    event = Event.objects.filter(pk=event_id).only("pk", "kind", "title", "url").first()
    return send_immediate_for([event]) if event is not None else 0


def send_immediate_for(events: list[Event]) -> int:
    """`send_immediate` for several events at once: batches of `MAIL_BATCH` unread, unmailed
    feed entries over all of them, each batch's preferences in one query (ADR 0063)."""
    by_id = {e.pk: e for e in events}
    kinds = sorted({e.kind for e in events})
    notices = {e.pk: EmailMessage(subject=e.title, body=immediate_text(e)) for e in events}
    sent = 0
    after = 0
    while True:
        entries = list(
            FeedEntry.objects.filter(
                event_id__in=id_list(by_id),
                pk__gt=after,
                notified_at__isnull=True,
                read_at__isnull=True,
            )
            .exclude(user__email="")
            .order_by("pk")
            .values_list("pk", "user_id", "event_id", "user__email")[:MAIL_BATCH]
        )
        if not entries:
            return sent
        after = entries[-1][0]
        modes = modes_for(sorted({user for _, user, _, _ in entries}), kinds)
        wanted = [
            (pk, event, email)
            for pk, user, event, email in entries
            if modes[(user, by_id[event].kind)] == catalogue.IMMEDIATE
        ]
        if wanted:
            messages = [SameNotice(notices[event], email) for _, event, email in wanted]
            get_connection().send_messages(messages)
            mark_notified([pk for pk, _, _ in wanted])
            sent += len(messages)
        if len(entries) < MAIL_BATCH:
            return sent


def digest_text(lines: list[FeedEntry]) -> str:
    items = "\n".join(f"- {e.event.title} : {absolute(e.event.url)}" for e in lines)
    return (
        f"Bonjour,\n\nVoici ce qui s'est passé pour vous sur {settings.PREAU_INSTANCE_NAME} :\n\n"
        f"{items}\n\nVos préférences de notification : {absolute('/fil/preferences/')}\n"
    )


def send_digests(day: dt.date) -> int:
    """One mail per person with unread, unmailed entries up to the end of `day` in digest mode."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0)))
    pending = (
        FeedEntry.objects.filter(notified_at__isnull=True, read_at__isnull=True, created_at__lt=end)
        .exclude(user__email="")
        .exclude(user__in=DigestSent.objects.filter(day=day).values("user_id"))
    )
    sent = 0
    after = 0
    while True:
        user_ids = list(
            pending.filter(user_id__gt=after)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()[:MAIL_BATCH]
        )
        if not user_ids:
            return sent
        after = user_ids[-1]
        sent += _digest_batch(pending.filter(user_id__in=user_ids), user_ids, day)


def _digest_batch(pending: Any, user_ids: list[int], day: dt.date) -> int:
    entries = list(pending.select_related("event", "user").order_by("user_id", "-created_at"))
    modes = modes_for(user_ids, sorted({e.event.kind for e in entries}))
    per_user: dict[int, list[FeedEntry]] = defaultdict(list)
    for entry in entries:
        if modes.get((entry.user_id, entry.event.kind)) == catalogue.DIGEST:
            per_user[entry.user_id].append(entry)
    sent = 0
    for user_id, lines in per_user.items():
        try:
            with transaction.atomic():
                DigestSent.objects.create(user_id=user_id, day=day, entries=len(lines))
                mark_notified([e.pk for e in lines])
        except IntegrityError:
            continue  # another worker sent this person's digest for the day
        subject = f"{settings.PREAU_INSTANCE_NAME} : vos nouveautés du {day:%d/%m/%Y}"
        EmailMessage(subject=subject, body=digest_text(lines), to=[lines[0].user.email]).send()
        sent += 1
    return sent
