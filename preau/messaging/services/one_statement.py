"""A send on PostgreSQL in one statement (ADR 0055): one writable CTE writes everything.

After the rules' check (`recipients.authorise`: two statements), a send that is neither a draft
being sent, nor held for moderation, nor a forward, nor carrying attachments writes, in ONE
statement: its timeline event, the message (with its recipients' count), the sender's copy, one
copy per recipient (the chosen people and the chosen groups' members who may receive, expanded
in the database, `fanout`'s rules), their feed entries and the audit row. A class send is thus
three statements whatever the class's size, and one round trip for all its writes.

The same statement serves the sends too large for the request (`fanout.is_small`'s bound: more
than `PREAU_MESSAGING_SYNC_FANOUT` members, or a wide group): the bound is computed inside and
the copies and feed entries are then left out (a `WHERE` on the bound, so the members are never
read), the message and its event written undelivered, and the batched task enqueued on commit,
as `fanout.dispatch` does. Side effects stay after commit (`transaction.on_commit`): the
notifications of a delivered event, or the fan-out task; both tasks are idempotent.

SQLite keeps the ORM path of `compose.send`; both paths write the same rows (pinned by tests).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from preau.communication.reach_sql import may_receive, tables
from preau.core.models import AuditEvent
from preau.core.sql import hot_cursor, table_names
from preau.directory.models import COMPUTED_KINDS, Group, GroupMembership
from preau.directory.schoolyear import current_school_year
from preau.messaging.models import Delivery, Message
from preau.messaging.services import fanout
from preau.timeline import catalogue
from preau.timeline import services as timeline
from preau.timeline.models import Event, FeedEntry

EVENT_KIND = "messaging.message"
_ID_MARK = 987654321


def applies(*, draft: bool, attachments: bool, forward: bool, moderated: bool) -> bool:
    """This path writes a plain send on PostgreSQL; everything else takes the ORM path."""
    return connection.vendor == "postgresql" and not (draft or attachments or forward or moderated)


def write(message: Message, tokens: list[str]) -> Message:
    """Insert `message` (filled, unsaved, status sent) and everything its send writes; returns it
    with its id, event and counters as stored. Call it outside or inside a transaction: one
    statement is atomic on its own."""
    sender = message.sender
    now = message.sent_at
    assert now is not None, "a message written here is sent"
    event = Event(
        kind=EVENT_KIND,
        service=catalogue.kind(EVENT_KIND).service,
        actor=sender,
        title=f"Nouveau message de {sender.display_name}"[:200],
        created_at=now,
        audience={},
    )
    url_before, url_after = _url_around_id()
    limit = settings.PREAU_MESSAGING_SYNC_FANOUT - len(message.to_users)
    params: dict[str, Any] = {
        "sender": sender.pk,
        "people": list(message.to_users),
        "groups": list(message.to_groups),
        "probe": max(limit + 1, 0),
        "limit": limit,
        "computed": sorted(COMPUTED_KINDS),
        "now": now,
        "kind": event.kind,
        "service": event.service,
        "title": event.title,
        "url_before": url_before,
        "url_after": url_after,
        "subject": message.subject,
        "body": message.body,
        "body_text": message.body_text,
        "status": message.status,
        "mode": message.mode,
        "to_users": json.dumps(message.to_users),
        "to_groups": json.dumps(message.to_groups),
        "in_reply_to": message.in_reply_to_id,
        "thread": message.thread_id,
        "sent": Delivery.Box.SENT,
        "inbox": Delivery.Box.INBOX,
        "action": f"messaging.message.{message.status}",
        "target_type": Message._meta.label_lower,
        "data": json.dumps({"recipients": tokens}),
    }
    live = may_receive("u", current_school_year())
    params.update((f"live{i}", value) for i, value in enumerate(live.params))
    with hot_cursor() as cursor:
        cursor.execute(_sql(len(live.params)), params)
        message_id, count, event_id, small = cursor.fetchone()
    message.pk, message.recipient_count, message.updated_at = message_id, count, now
    message.fanout_done_at = now if small else None
    event.pk, event.url = event_id, f"{url_before}{message_id}{url_after}"
    event.delivered_at = event.notifications_due = now if small else None
    for row in (message, event):
        row._state.adding, row._state.db = False, connection.alias
    message.event = event
    if small:
        timeline.finish_delivery(event)  # born delivered and due: the notifications, on commit
    else:
        transaction.on_commit(lambda: fanout._enqueue_fan_out(message_id))
    return message


def _url_around_id() -> tuple[str, str]:
    """The message's page address around its id (the event's link, written by the statement)."""
    url = reverse("messaging:read", args=[_ID_MARK])
    before, mark, after = url.partition(str(_ID_MARK))
    assert mark, url
    return before, after


@cache
def _sql(live_params: int) -> str:
    """The statement; `live_params` named parameters `live0…` fill `reach_sql.may_receive`.

    Order of the CTEs: the message's id is drawn first (the event's link names it), the bound
    says whether the copies are written now, `r` is everyone who receives (read once, only when
    small), the event is inserted before the message that points at it; every foreign key is
    checked at the end of the statement."""
    t = table_names(Message, Delivery, Event, FeedEntry, AuditEvent, Group, GroupMembership)
    pieces = may_receive("u", 0).joined("").split("%s")
    assert len(pieces) == live_params + 1
    live_sql = "".join(f"{piece}%(live{i})s" for i, piece in enumerate(pieces[:-1])) + pieces[-1]
    users = tables()["User"]
    return f"""
WITH ids AS (
    SELECT nextval(pg_get_serial_sequence('{Message._meta.db_table}', 'id')) AS id
), bound AS (
    SELECT (SELECT COUNT(*) FROM (
                SELECT 1 FROM {t["GroupMembership"]} gm
                 WHERE gm.group_id = ANY(%(groups)s::bigint[]) LIMIT %(probe)s) b) <= %(limit)s
           AND NOT EXISTS (
                SELECT 1 FROM {t["Group"]} g
                 WHERE g.id = ANY(%(groups)s::bigint[]) AND g.kind = ANY(%(computed)s::text[]))
           AS small
), r AS (
    SELECT u.id FROM {users} u
     WHERE u.id IN (SELECT unnest(%(people)s::bigint[])
                    UNION SELECT gm.user_id FROM {t["GroupMembership"]} gm
                           WHERE gm.group_id = ANY(%(groups)s::bigint[]))
       AND u.id <> %(sender)s::bigint AND {live_sql}
       AND (SELECT small FROM bound)
), e AS (
    INSERT INTO {t["Event"]} (kind, service, actor_id, title, url, created_at, audience,
                              delivered_at, notifications_due)
    SELECT %(kind)s::text, %(service)s::text, %(sender)s::bigint, %(title)s::text,
           %(url_before)s::text || ids.id::text || %(url_after)s::text, %(now)s::timestamptz,
           '{{}}'::jsonb, CASE WHEN bound.small THEN %(now)s::timestamptz END,
           CASE WHEN bound.small THEN %(now)s::timestamptz END
      FROM ids, bound
    RETURNING id
), m AS (
    INSERT INTO {t["Message"]} (id, sender_id, subject, body, body_text, status, mode, to_users,
                                to_groups, in_reply_to_id, thread_id, created_at, updated_at,
                                sent_at, recipient_count, fanout_done_at, event_id)
    SELECT ids.id, %(sender)s::bigint, %(subject)s::text, %(body)s::text, %(body_text)s::text,
           %(status)s::text, %(mode)s::text, %(to_users)s::jsonb, %(to_groups)s::jsonb,
           %(in_reply_to)s::bigint, %(thread)s::bigint, %(now)s::timestamptz,
           %(now)s::timestamptz, %(now)s::timestamptz,
           CASE WHEN bound.small THEN (SELECT COUNT(*) FROM r) ELSE 0 END,
           CASE WHEN bound.small THEN %(now)s::timestamptz END, e.id
      FROM ids, bound, e
    RETURNING id, recipient_count
), d AS (
    INSERT INTO {t["Delivery"]} (message_id, user_id, box, date, read_at)
    SELECT ids.id, %(sender)s::bigint, %(sent)s::text, %(now)s::timestamptz,
           %(now)s::timestamptz FROM ids
    UNION ALL
    SELECT ids.id, r.id, %(inbox)s::text, %(now)s::timestamptz, NULL FROM ids, r
), f AS (
    INSERT INTO {t["FeedEntry"]} (event_id, user_id, created_at, service)
    SELECT e.id, r.id, %(now)s::timestamptz, %(service)s::text FROM e, r
), a AS (
    INSERT INTO {t["AuditEvent"]} (created_at, actor_id, action, target_type, target_id, data)
    SELECT %(now)s::timestamptz, %(sender)s::bigint, %(action)s::text, %(target_type)s::text,
           ids.id::text, %(data)s::jsonb
      FROM ids
)
SELECT m.id, m.recipient_count, e.id, bound.small FROM m, e, bound
"""  # noqa: S608
