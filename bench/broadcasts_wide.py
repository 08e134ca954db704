"""S5 of performance.md: broadcasts through the real API, against COPY of the same rows in the
same run (S4's class sends and the senders they share are in `bench/broadcasts.py`).

- School: directors write to their school's pupils, parents and teachers (≈ 700 accounts):
  p95 of the sender's request (the fan-out is the worker's), and the time until every copy is
  written. Reference: COPY of the same copies and feed entries.
- Académie: the académie admin writes to "Parents de l'académie" through the API (rules
  checked; members computed from the directory, fanned out by the worker): time from the POST
  until every recipient can see it. Reference: COPY of the same rows. Then the page of read
  receipts of that message, against its two statements by psycopg.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from bench.broadcasts import Sender, open_sender, send_request, user_ids
from bench.loadgen import Client
from bench.scenarios import get, ms


def school_senders(schools: int, count: int) -> list[tuple[str, tuple[int, ...], int]]:
    """(director's login, the school's pupils, parents and teachers groups, their size)."""
    from bench.dataset import bench_login
    from preau.directory.models import FunctionAssignment, Group, GroupMembership

    found = []
    for n in range(min(count, schools)):
        login = bench_login(n, "t", 0)
        school = FunctionAssignment.objects.get(user__login=login, function="directeur").school_id
        assert school is not None
        groups = Group.objects.filter(
            kind="school_profile",
            school_id=school,
            profile__in=("eleve", "responsable", "enseignant"),
        ).values_list("pk", flat=True)
        ids = tuple(sorted(groups))
        size = (
            GroupMembership.objects.filter(group_id__in=ids)
            .values("user_id")
            .order_by()
            .distinct()
            .count()
        )
        found.append((login, ids, size))
    return found


def copy_rows_seconds(database_url: str, sender: int, recipients: list[int]) -> float:
    """COPY one new message's copies and feed entries (then roll back): the bulk-write ceiling."""
    import psycopg

    from bench.class_send import write_one_send

    recipients = [uid for uid in recipients if uid != sender]  # the sender has a "sent" copy
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        message_id, event_id = write_one_send(cur, sender, [])
        start = time.perf_counter()
        with cur.copy(
            "COPY messaging_delivery (message_id, user_id, box, date) FROM STDIN"
        ) as copy:
            for uid in recipients:
                copy.write_row((message_id, uid, "inbox", "2026-01-01 00:00:00+00"))
        with cur.copy(
            "COPY timeline_feedentry (event_id, user_id, service, created_at) FROM STDIN"
        ) as copy:
            for uid in recipients:
                copy.write_row((event_id, uid, "messagerie", "2026-01-01 00:00:00+00"))
        conn.commit()
        elapsed = time.perf_counter() - start
        cur.execute("DELETE FROM timeline_feedentry WHERE event_id = %s", (event_id,))
        cur.execute("DELETE FROM messaging_delivery WHERE message_id = %s", (message_id,))
        conn.commit()
        return elapsed


def wait_fanned_out(message_ids: list[int], timeout: float) -> float:
    """Seconds until every message has `fanout_done_at` (polling every 50 ms)."""
    from preau.messaging.models import Message

    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        pending = Message.objects.filter(pk__in=message_ids, fanout_done_at__isnull=True)
        if not pending.exists():
            return time.perf_counter() - start
        time.sleep(0.05)
    return float("inf")


def message_ids_since(before: int) -> list[int]:
    from preau.messaging.models import Message

    return list(Message.objects.filter(pk__gt=before).values_list("pk", flat=True))


def last_message_id() -> int:
    from preau.messaging.models import Message

    return Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


async def school_broadcasts(rec: Any, client: Client, x: Any, schools: int) -> None:
    print("bench: S5 message à toute une école…", flush=True)
    plans = await asyncio.to_thread(school_senders, schools, 20)
    senders = [await open_sender(client, login, x.password, g) for login, g, _ in plans]
    before = await asyncio.to_thread(last_message_id)
    latencies: list[float] = []
    for n, sender in enumerate(senders):
        start = time.perf_counter()
        status, _, body = await client.send(send_request(sender, f"S5 école {n}"))
        latencies.append(time.perf_counter() - start)
        if status != 201:
            raise RuntimeError(f"school broadcast refused: {status} {body[:200]!r}")
    start = time.perf_counter()
    ids = await asyncio.to_thread(message_ids_since, before)
    visible = await asyncio.to_thread(wait_fanned_out, ids, 120)
    size = sum(p[2] for p in plans) / max(1, len(plans))
    copy = await asyncio.to_thread(_copy_for_group, x.database_url, plans[0][1])
    name = "S5_school_broadcast"
    rec.add(name, "recipients_per_send", size, "people")
    rec.add(
        name,
        "sender_latency_p95",
        ms(latencies, 95),
        "ms",
        reference="COPY of the same copies and feed entries",
        reference_value=copy * 1000,
        goal="< 100 ms",
        met=ms(latencies, 95) < 100,
    )
    rec.add(name, "sender_latency_p50", ms(latencies, 50), "ms")
    rec.add(
        name,
        "all_fanned_out_seconds",
        visible,
        "s",
        reference=f"COPY of the same rows x {len(plans)} messages",
        reference_value=copy * len(plans),
        goal=f"{len(plans)} broadcasts sent back to back",
    )


def _copy_for_group(database_url: str, groups: tuple[int, ...]) -> float:
    from preau.directory.models import FunctionAssignment, GroupMembership

    members = list(
        GroupMembership.objects.filter(group_id__in=groups)
        .values_list("user_id", flat=True)
        .order_by()
        .distinct()
    )
    sender = (
        FunctionAssignment.objects.filter(function="directeur")
        .values_list("user_id", flat=True)
        .first()
    )
    return copy_rows_seconds(database_url, sender or 0, members)


def academie_plan() -> tuple[int, list[int]]:
    """The bench académie's "Parents de l'académie" group and the people it reaches (who may
    receive: active, unblocked), resolved by the directory as the fan-out does."""
    from preau.directory import audiences
    from preau.directory.models import Group

    group = Group.objects.get(
        kind=Group.Kind.ACADEMIE_PROFILE, profile="responsable", academie__code="BENCH"
    )
    members = audiences.holder_ids([group]).filter(
        user__is_active=True, user__blocked_at__isnull=True
    )
    return group.pk, sorted(members.values_list("user_id", flat=True))


def delivered_count(message_id: int) -> int:
    from preau.messaging.models import Delivery

    return Delivery.objects.filter(message_id=message_id, box="inbox").count()


async def academie_broadcast(rec: Any, client: Client, x: Any, timeout: float) -> None:
    """The académie admin writes to "Parents de l'académie" through the API: the rules are
    checked (the group is reachable by académie admins only, ADR 0048), the worker fans it out
    from the directory (ADR 0047). Reference: COPY of the same rows in the same run."""
    from bench.dataset import ACADEMIE_ADMIN_LOGIN

    print("bench: S5 message à tous les parents de l'académie…", flush=True)
    group, members = await asyncio.to_thread(academie_plan)
    sender = await open_sender(client, ACADEMIE_ADMIN_LOGIN, x.password, (group,))
    start = time.perf_counter()
    status, _, body = await client.send(send_request(sender, "S5 académie"))
    request_seconds = time.perf_counter() - start
    if status != 201:
        raise RuntimeError(f"académie broadcast refused: {status} {body[:200]!r}")
    message_id = int(json.loads(body)["id"])
    visible = await asyncio.to_thread(wait_fanned_out, [message_id], timeout)
    total = time.perf_counter() - start if visible != float("inf") else visible
    delivered = await asyncio.to_thread(delivered_count, message_id)
    admin = (await asyncio.to_thread(user_ids, [ACADEMIE_ADMIN_LOGIN]))[ACADEMIE_ADMIN_LOGIN]
    copy = await asyncio.to_thread(copy_rows_seconds, x.database_url, admin, members)
    name = "S5_academie_broadcast"
    rec.add(name, "recipients", len(members), "people")
    rec.add(
        name,
        "copies_delivered",
        delivered,
        "copies",
        goal="= recipients (every parent of the académie, once)",
        met=delivered == len(members),
    )
    rec.add(name, "sender_request", request_seconds * 1000, "ms", goal="does not wait for it")
    rec.add(
        name,
        "visible_to_all_seconds",
        total,
        "s",
        reference="COPY of the same copies and feed entries",
        reference_value=copy,
        goal="< 10 s (small scale: a tenth of the académie)",
        met=total < 10,
    )
    rows = 2 * len(members)
    rec.add(
        name,
        "fan_out_rows_per_s",
        rows / total if total else 0,
        "rows/s",
        reference="COPY rows/s",
        reference_value=rows / copy if copy else None,
        goal=">= 0.5 x COPY",
        met=bool(copy) and rows / total >= 0.5 * rows / copy,
    )
    await _receipts_page(rec, client, sender, message_id, name)


def mark_read(message_id: int, readers: int) -> None:
    """`readers` parents open the broadcast (one UPDATE, as their reads would leave it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE messaging_delivery SET read_at = now() WHERE id IN (SELECT id FROM "
            "messaging_delivery WHERE message_id = %s AND box = 'inbox' ORDER BY user_id "
            "LIMIT %s)",
            [message_id, readers],
        )


async def _receipts_page(
    rec: Any, client: Client, sender: Sender, message_id: int, name: str
) -> None:
    """The sender's page of the broadcast ("Lu par … sur …", a page of readers): median of 10."""
    await asyncio.to_thread(mark_read, message_id, 5000)
    latencies: list[float] = []
    for page in (1, 2, 1, 2, 1, 2, 1, 2, 1, 2):
        start = time.perf_counter()
        status, _, _ = await client.send(
            get(f"/messagerie/message/{message_id}/?lecteurs={page}", sender.cookie)
        )
        latencies.append(time.perf_counter() - start)
        if status != 200:
            raise RuntimeError(f"the sender's page of the broadcast answered {status}")
    reference = await asyncio.to_thread(receipts_sql_seconds, message_id)
    rec.add(
        name,
        "receipts_page_p50",
        ms(latencies, 50),
        "ms",
        reference="its 2 receipts statements by psycopg, p50",
        reference_value=ms(reference, 50),
        goal="sender's page with 5,000 readers of 71,757: counts + one page of 200",
    )


def receipts_sql_seconds(message_id: int) -> list[float]:
    """The receipts' two statements (readers counted, a page of readers with their names) run
    directly, 10 times: what the page cannot go below."""
    from django.db import connection

    count = (
        "SELECT COUNT(*) FROM messaging_delivery WHERE message_id = %s AND box = 'inbox' "
        "AND read_at IS NOT NULL"
    )
    page = (
        "SELECT d.id, d.read_at, u.first_name, u.last_name FROM messaging_delivery d "
        "JOIN accounts_user u ON u.id = d.user_id WHERE d.message_id = %s AND d.box = 'inbox' "
        "AND d.read_at IS NOT NULL ORDER BY d.read_at DESC, d.user_id DESC LIMIT 201 OFFSET 200"
    )
    timings = []
    with connection.cursor() as cursor:
        for _ in range(10):
            start = time.perf_counter()
            cursor.execute(count, [message_id])
            cursor.fetchall()
            cursor.execute(page, [message_id])
            cursor.fetchall()
            timings.append(time.perf_counter() - start)
    return timings
