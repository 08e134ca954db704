"""S4 and S5 of performance.md: messages through the real API, each against the same rows
written directly by psycopg in the same run.

- S4: teachers send to their class's parents group while the home page is under load (50 % of
  its open-loop rate): closed-loop maximum of sends/s, then p50/p95/p99 open-loop at 70 % of it.
  Reference: the same rows (message, copies, event, feed entries, audit) by one set-based
  statement through psycopg (`INSERT … SELECT FROM unnest`, `class_send.write_one_send`).
  It starts once the task worker has run what the scenarios before left due (the mixed day's
  notifications): the wait and the number of tasks are recorded.
- S5 school: directors write to their school's pupils, parents and teachers (≈ 700 accounts):
  p95 of the sender's request (the fan-out is the worker's), and the time until every copy is
  written. Reference: COPY of the same copies and feed entries.
- S5 académie: the académie admin writes to "Parents de l'académie" through the API (rules
  checked; members computed from the directory, fanned out by the worker): time from the POST
  until every recipient can see it. Reference: COPY of the same rows.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench import cpu
from bench.loadgen import Client, Request
from bench.scenarios import Beside, get, login_request, measure, ms

API = "/api/v1/messages"


@dataclass(frozen=True)
class Sender:
    cookie: str
    csrf: str
    groups: tuple[int, ...]


async def open_sender(client: Client, login: str, password: str, groups: tuple[int, ...]) -> Sender:
    status, headers, _ = await client.send(login_request(login, password))
    if status != 200:
        raise RuntimeError(f"bench login {login} failed with {status}")
    cookies = dict(
        line.split(";", 1)[0].split("=", 1)
        for line in headers.get("set-cookie", "").split("\n")
        if "=" in line
    )
    session = f"preau_session={cookies['preau_session']}"
    csrf = cookies.get("csrftoken", "")
    return Sender(f"{session}; csrftoken={csrf}", csrf, groups)


def message_post(
    cookie: str, csrf: str, to: list[Any], subject: str, body: str = "Bonjour"
) -> Request:
    """`POST /api/v1/messages` from a signed-in browser; 201 when the message is sent."""
    payload = json.dumps({"to": to, "subject": subject, "body": body}).encode()
    headers = (("Cookie", cookie), ("X-CSRFToken", csrf), ("Content-Type", "application/json"))
    return Request("POST", API, headers, payload, expect=201)


def send_request(sender: Sender, subject: str) -> Request:
    return message_post(sender.cookie, sender.csrf, [f"group:{g}" for g in sender.groups], subject)


def class_senders(schools: int, count: int) -> list[tuple[str, tuple[int, ...], list[int]]]:
    """(login, the parents group of a class they teach, its members) for teachers of many
    schools, read from the loaded académie."""
    from bench.dataset import bench_login
    from preau.directory.models import ClassMembership, Group, GroupMembership

    found: list[tuple[str, tuple[int, ...], list[int]]] = []
    for n in range(count):
        login = bench_login(n % schools, "t", 1 + n // schools)
        membership = (
            ClassMembership.objects.filter(user__login=login, role="enseignant", ended_at=None)
            .select_related("school_class")
            .first()
        )
        if membership is None:
            continue
        group = Group.objects.get(school_class=membership.school_class, profile="responsable")
        members = list(
            GroupMembership.objects.filter(group=group).values_list("user_id", flat=True)
        )
        found.append((login, (group.pk,), members))
    return found


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


def replay_sends(database_url: str, plans: list[tuple[int, list[int]]], seconds: float) -> Any:
    """The reference: the rows of one class send, one transaction each, by psycopg alone; its
    rate, latencies and CPU (sampled while its connection is open: its PostgreSQL backend ends
    with the connection, and a process gone is out of the sample)."""
    import psycopg

    from bench.class_send import write_one_send

    latencies: list[float] = []
    with psycopg.connect(database_url) as conn:
        before = cpu.sample()
        deadline = time.perf_counter() + seconds
        start = time.perf_counter()
        i = 0
        while time.perf_counter() < deadline:
            sender, recipients = plans[i % len(plans)]
            t = time.perf_counter()
            with conn.transaction(), conn.cursor() as cur:
                write_one_send(cur, sender, recipients)
            latencies.append(time.perf_counter() - t)
            i += 1
        rate = i / (time.perf_counter() - start)
        return rate, latencies, cpu.usage(before, cpu.sample(), i)


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


def tasks_due() -> int:
    """Tasks the worker has to run now (ready and due, or running); later ones are left out."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count() + DBTaskResult.objects.running().count()


def wait_for_idle_worker(timeout: float) -> tuple[int, float]:
    """(tasks due at first, seconds until none is): what the scenarios before left the worker,
    e.g. the notifications of the mixed day's messages (polling every 200 ms)."""
    start, first = time.perf_counter(), tasks_due()
    due = first
    while due and time.perf_counter() - start < timeout:
        time.sleep(0.2)
        due = tasks_due()
    return first, (time.perf_counter() - start) if not due else float("inf")


def message_ids_since(before: int) -> list[int]:
    from preau.messaging.models import Message

    return list(Message.objects.filter(pk__gt=before).values_list("pk", flat=True))


def last_message_id() -> int:
    from preau.messaging.models import Message

    return Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _sender_pick(sender: Sender) -> Callable[[int], Request]:
    return lambda i: send_request(sender, f"S4 {i}")


def pick_cycle(requests: list[Callable[[int], Request]]) -> Callable[[int], Request]:
    return lambda i: requests[i % len(requests)](i)


async def run_messaging(
    rec: Any, client: Client, x: Any, cookies: list[str], home_rate: float
) -> None:
    """S4 and S5 (school, académie), recorded with their same-run references."""
    s = x.settings
    schools = await asyncio.to_thread(_schools)
    # S4 runs alongside the home page only, not alongside the worker delivering what the mixed
    # day and the overload sent just before.
    due, drained = await asyncio.to_thread(wait_for_idle_worker, 120)
    rec.add("S4_class_send_under_home_load", "worker_tasks_due_before", due, "tasks")
    rec.add("S4_class_send_under_home_load", "worker_drained_in", drained, "s")
    await _class_sends(rec, client, x, cookies, home_rate, schools)
    await _school_broadcasts(rec, client, x, schools)
    await _academie_broadcast(rec, client, x, s.seconds * 6)


def _user_ids(logins: list[str]) -> dict[str, int]:
    from preau.accounts.models import User

    return dict(User.objects.filter(login__in=logins).values_list("login", "pk"))


def _schools() -> int:
    from preau.directory.models import School

    return School.objects.filter(uai__startswith="900").count() or 1


async def _class_sends(
    rec: Any, client: Client, x: Any, cookies: list[str], home_rate: float, schools: int
) -> None:
    s = x.settings
    print("bench: S4 envoi aux parents d'une classe, accueil sous charge…", flush=True)
    plans = await asyncio.to_thread(class_senders, schools, 40)
    senders = [await open_sender(client, login, x.password, g) for login, g, _ in plans]
    pick = pick_cycle([_sender_pick(t) for t in senders])
    home = pick_cycle([lambda i: get("/", cookies[i % len(cookies)])])
    background = max(1.0, 0.5 * home_rate)
    # Warmed up and measured as every scenario is, the home pages alongside every phase: the
    # senders' first sends prepare their statements on the pooled connections, and a sender
    # refused then would otherwise sleep its Retry-After through most of the measured 10 s.
    m = await measure(client, pick, s, concurrency=8, beside=Beside(home, background))
    assert m.peak is not None and m.beside is not None
    max_sends, rate, lat = m.max_rps, m.rate, m.result.ok_latencies()
    ids = await asyncio.to_thread(_user_ids, [p[0] for p in plans])
    replay = [(ids[login], members) for login, _, members in plans]
    ref = await asyncio.to_thread(replay_sends, x.database_url, replay, s.seconds)
    ref_rate, ref_lat, ref_cpu = ref
    name = "S4_class_send_under_home_load"
    recipients = sum(len(m) for _, _, m in plans) / max(1, len(plans))
    rec.add(name, "recipients_per_send", recipients, "people")
    rec.add(name, "home_background_rate", background, "req/s", goal="50 % of S3 open-loop rate")
    rec.add(
        name,
        "sends_per_s_max",
        max_sends,
        "sends/s",
        reference="same rows by one psycopg INSERT … SELECT FROM unnest, 1 connection",
        reference_value=ref_rate,
        goal=">= 300/s and >= 0.5 x reference",
        met=max_sends >= 300 and max_sends >= 0.5 * ref_rate,
    )
    # A refused closed-loop sender waits as told (Retry-After, 5 to 10 s of a 10 s run).
    rec.add(name, "closed_loop_refused_503", m.peak.count(503), "requests")
    rec.add(name, "open_loop_rate", rate, "sends/s", goal="70 % of the closed-loop max")
    for q in (50, 95, 99):
        rec.add(
            name,
            f"latency_p{q}",
            ms(lat, q),
            "ms",
            reference="same rows by psycopg, p95" if q == 95 else "",
            reference_value=ms(ref_lat, q) if q == 95 else None,
            goal="< 30 ms" if q == 95 else "",
            met=ms(lat, 95) < 30 if q == 95 else None,
        )
    seen = Counter(r.status for r in m.result.samples if not r.ok)
    errors = sum(seen.values())
    statuses = ", ".join(f"{k}×{v}" for k, v in sorted(seen.items()))
    rec.add(name, "errors", errors, "requests", goal=f"0 (seen: {statuses})", met=errors == 0)
    rec.add(name, "home_latency_p95_meanwhile", ms(m.beside.latencies(200), 95), "ms")
    rec.cpu(name, m.cpu, m.cpu_open)  # per send, the home pages served alongside included
    rec.cpu("ref_class_send_sql", ref_cpu)  # the reference's, alone on the machine


async def _school_broadcasts(rec: Any, client: Client, x: Any, schools: int) -> None:
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


async def _academie_broadcast(rec: Any, client: Client, x: Any, timeout: float) -> None:
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
    admin = (await asyncio.to_thread(_user_ids, [ACADEMIE_ADMIN_LOGIN]))[ACADEMIE_ADMIN_LOGIN]
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
