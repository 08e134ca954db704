"""The HTTP scenarios of issue 8 through nginx → granian, with their same-run references.

References: nginx serving a 1 KB static file, the minimal Django view (/_bench/ping, same
middleware and server), the home page's SQL replayed by psycopg, the raw password-hash cost.
Scenarios: S3 authenticated home page, S7 rentrée login storm, S9 mixed day, S10 overload.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bench import mixed_day
from bench.loadgen import Client, open_loop
from bench.recorder import Recorder
from bench.scenarios import (
    Measure,
    Settings,
    get,
    login_request,
    measure,
    mixed_picker,
    ms,
    open_sessions,
    overload,
    psycopg_replay,
    recovery_seconds,
)

# The floor of a signed-in page (preau/ops/views.py, ADR 0072).
SIGNED_IN = "/_bench/signed-in"


@dataclass(frozen=True)
class Inputs:
    port: int
    settings: Settings
    logins: list[str]
    password: str
    home_sql: list[str]
    hash_seconds: float
    database_url: str
    only: frozenset[str] = frozenset()  # BENCH_ONLY: scenario prefixes; empty = every one

    def wants(self, scenario: str) -> bool:
        return not self.only or scenario in self.only

    def runs_messaging(self) -> bool:
        return not self.only or bool(self.only & {"S4", "S5"})


def selected(only: frozenset[str]) -> set[str]:
    """The web sections to run for BENCH_ONLY, with those whose figures they need (S10 runs at
    3 x the S9 rate; S3 and S9 are compared with the references and S3)."""
    if not only:
        return {"refs", "S3", "S7", "S9", "S10"}
    wanted = set(only) & {"refs", "S3", "S7", "S9", "S10"}
    if "S10" in wanted:
        wanted.add("S9")
    return wanted


async def run_all(rec: Recorder, x: Inputs) -> dict[str, Any]:
    client = Client("127.0.0.1", x.port)
    plots: dict[str, Any] = {}
    if selected(x.only):
        plots = await _web(rec, client, x)
    if x.runs_messaging():
        await _messaging(rec, client, x)
    client.close()
    return plots


async def _messaging(rec: Recorder, client: Client, x: Inputs) -> None:
    from bench.broadcasts import run_messaging

    cookies = await open_sessions(client, x.logins[:200], x.password)
    home = rec.measures.get("home")
    if home is None:
        print("bench: S3 (débit de référence pour S4)…", flush=True)
        home = await measure(client, lambda i: get("/", cookies[i % len(cookies)]), x.settings)
        rec.latency("S3_home", home, "p95 < 50 ms", home.p95 < 50)
    await run_messaging(rec, client, x, cookies, home.rate)


async def _web(rec: Recorder, client: Client, x: Inputs) -> dict[str, Any]:
    s = x.settings
    sections = selected(x.only)
    if "refs" in sections or "S3" in sections:
        await _references(rec, client, x)
    cookies = await open_sessions(client, x.logins[:200], x.password)
    logins = x.logins[200:]
    if "S3" in sections:
        print("bench: S3 page d'accueil authentifiée…", flush=True)
        floor = await measure(client, lambda i: get(SIGNED_IN, cookies[i % len(cookies)]), s)
        _floor_records(rec, floor, rec.measures["ping"])
        home = await measure(client, lambda i: get("/", cookies[i % len(cookies)]), s)
        _home_records(rec, home, rec.measures["ping"], rec.sql_pages, len(x.home_sql))
        rec.add(
            "S3_home",
            "throughput_vs_signed_in_floor",
            home.max_rps,
            "req/s",
            reference="signed-in minimal view (session + account)",
            reference_value=floor.max_rps,
        )
        rec.measures["home"] = home
    if "S7" in sections:
        await _login_storm(rec, client, x, logins)
    timeline = None
    if "S9" in sections:
        pick, mixed = await _mixed_day(rec, client, x, cookies, logins)
        if "S10" in sections:
            print("bench: S10 surcharge à 3 × …", flush=True)
            timeline = await _overload(rec, client, pick, mixed, s)
    return {"percentiles": rec.percentiles, "overload": timeline}


async def _references(rec: Recorder, client: Client, x: Inputs) -> None:
    s = x.settings
    print("bench: références (nginx, vue minimale, psycopg, hachage)…", flush=True)
    static = await measure(client, lambda i: get("/static-bench/1k.txt"), s)
    rec.add("ref_nginx_static_1k", "throughput_max", static.max_rps, "req/s")
    rec.latency("ref_nginx_static_1k", static)
    ping = await measure(client, lambda i: get("/_bench/ping"), s)
    rec.add(
        "ref_django_minimal_view",
        "throughput_max",
        ping.max_rps,
        "req/s",
        reference="nginx static 1 KB",
        reference_value=static.max_rps,
    )
    rec.latency("ref_django_minimal_view", ping)
    rec.measures["ping"] = ping
    sql_pages = await asyncio.to_thread(psycopg_replay, x.database_url, x.home_sql, s.seconds)
    rec.sql_pages = sql_pages
    rec.add("ref_psycopg_home_sql", "pages_per_s_one_connection", sql_pages, "pages/s")
    rec.add("ref_password_hash", "ms_per_hash", x.hash_seconds * 1000, "ms")


async def _login_storm(rec: Recorder, client: Client, x: Inputs, logins: list[str]) -> None:
    s = x.settings
    print("bench: S7 tempête de connexions…", flush=True)
    bound = (os.cpu_count() or 1) / x.hash_seconds
    storm = await measure(client, lambda i: login_request(logins[i % len(logins)], x.password), s)
    rec.add(
        "S7_login_storm",
        "logins_per_s_max",
        storm.max_rps,
        "logins/s",
        reference="cores / raw hash time",
        reference_value=bound,
        goal=">= 40/s and >= 0.6 x bound",
        met=storm.max_rps >= 40 and storm.max_rps >= 0.6 * bound,
    )
    rec.latency("S7_login_storm", storm, "p95 < 500 ms", storm.p95 < 500)


async def _mixed_day(
    rec: Recorder, client: Client, x: Inputs, cookies: list[str], logins: list[str]
) -> tuple[Any, Measure]:
    s = x.settings
    print("bench: S9 journée mixte…", flush=True)
    teachers = await asyncio.to_thread(mixed_day.teachers_of, x.logins[: len(cookies)])
    parents = [
        mixed_day.Parent(cookie, teachers[login])
        for login, cookie in zip(x.logins, cookies, strict=False)
        if login in teachers
    ]
    jpeg = await asyncio.to_thread(mixed_day.photo)
    pick = mixed_picker(mixed_day.pickers(parents, logins, x.password, jpeg), mixed_day.MIX)
    mixed = await measure(client, pick, s)
    users = mixed.rate * s.think_seconds
    home = rec.measures.get("home")
    rec.add(
        "S9_mixed_day",
        "throughput_max",
        mixed.max_rps,
        "req/s",
        reference="S3 throughput_max" if home else "",
        reference_value=home.max_rps if home else None,
        goal=">= 0.6 x S3",
        met=mixed.max_rps >= 0.6 * home.max_rps if home else None,
    )
    rec.add(
        "S9_mixed_day",
        "concurrent_users_30s_think",
        users,
        "users",
        goal=">= 5000 users at p95 < 200 ms",
        met=users >= 5000 and mixed.p95 < 200 and mixed.errors == 0,
    )
    rec.latency("S9_mixed_day", mixed, "p95 < 200 ms", mixed.p95 < 200)
    return pick, mixed


def _floor_records(rec: Recorder, floor: Measure, ping: Measure) -> None:
    """What every signed-in page costs before its own work (ADR 0072): the minimal view with the
    session read and the account checked. Its ratio to the minimal view bounds S3's."""
    rec.add(
        "ref_django_signed_in_view",
        "throughput_max",
        floor.max_rps,
        "req/s",
        reference="minimal Django view",
        reference_value=ping.max_rps,
        goal="the most S3's ratio could reach",
    )
    # A ceiling for S3, not a page of its own: its maximum and where its CPU goes, no latency goal.
    rec.cpu("ref_django_signed_in_view", floor.cpu, floor.cpu_open)


def _home_records(
    rec: Recorder, home: Measure, ping: Measure, sql_pages: float, queries: int
) -> None:
    rec.add(
        "S3_home",
        "throughput_max",
        home.max_rps,
        "req/s",
        reference="minimal Django view",
        reference_value=ping.max_rps,
        goal=">= 1000 req/s and >= 0.45 x minimal view",
        met=home.max_rps >= 1000 and home.max_rps >= 0.45 * ping.max_rps,
    )
    rec.add("S3_home", "sql_queries_per_page", queries, "queries", goal="<= 3", met=queries <= 3)
    rec.add(
        "S3_home",
        "throughput_vs_same_sql",
        home.max_rps,
        "req/s",
        reference="psycopg, same SQL, 1 connection",
        reference_value=sql_pages,
        goal=">= 0.03 x",
        met=home.max_rps >= 0.03 * sql_pages,
    )
    rec.latency("S3_home", home, "p95 < 50 ms", home.p95 < 50)


async def _overload(rec: Recorder, client: Client, pick: Any, mixed: Measure, s: Settings) -> Any:
    # Same-run reference: nginx serving a static 1 KB file, probed at a low rate on connections of
    # its own during the 3 x phase: what an answer that never reaches the app costs on this machine
    # then (the generator shares the cores with a saturated app).
    probe = Client(client.host, client.port)
    (result, end), static = await asyncio.gather(
        overload(client, pick, mixed.rate, s),
        open_loop(probe, lambda i: get("/static-bench/1k.txt"), 10, s.overload_seconds),
    )
    probe.close()
    static95 = ms(static.latencies(200), 95)
    shed = result.latencies(503)
    target = max(200.0, 2 * mixed.p95)
    recovered, timeline = recovery_seconds(result, end, target)
    others = sum(1 for x in result.samples if not x.ok and x.status != 503)
    shed95 = ms(shed, 95) if shed else float("nan")
    rec.add(
        "S10_overload",
        "offered_rate",
        3 * mixed.rate,
        "req/s",
        reference="S9 open-loop rate",
        reference_value=mixed.rate,
        goal="3 x",
    )
    rec.add(
        "S10_overload",
        "shed_503_p95",
        shed95,
        "ms",
        reference="nginx static 1 KB p95 during the 3 x phase",
        reference_value=static95,
        goal="< 50 ms",
        met=bool(shed) and shed95 < 50,
    )
    rec.add("S10_overload", "shed_503_count", len(shed), "requests")
    rec.add(
        "S10_overload",
        "served_ok_during_run",
        result.ok_throughput(),
        "req/s",
        reference="S9 open-loop rate",
        reference_value=mixed.rate,
    )
    rec.add(
        "S10_overload",
        "recovery_seconds",
        recovered,
        "s",
        reference=f"p95 back under max(200 ms, 2 x S9 p95) = {target:.0f} ms",
        goal="<= 30 s",
        met=recovered <= 30,
    )
    seen = Counter(x.status for x in result.samples if not x.ok and x.status != 503)
    detail = ", ".join(f"{status}×{count}" for status, count in sorted(seen.items()))
    rec.add(
        "S10_overload",
        "errors_other_than_503",
        others,
        "requests",
        goal=f"0 (seen: {detail})" if others else "0",
        met=others == 0,
    )
    return timeline


async def compare_servers(rec: Recorder, x: Inputs, server: str, label: str) -> None:
    """ADR 0016: the minimal view and the real home page on another app server, same nginx."""
    client = Client("127.0.0.1", x.port)
    print(f"bench: comparaison des serveurs ({label})…", flush=True)
    ping = await measure(client, lambda i: get("/_bench/ping"), x.settings)
    name = f"server_{server}"
    rec.add(
        name,
        "minimal_view_max",
        ping.max_rps,
        "req/s",
        reference="granian, same process count",
        reference_value=rec.measures["ping"].max_rps,
    )
    cookies = await open_sessions(client, x.logins[:200], x.password)
    home = await measure(client, lambda i: get("/", cookies[i % len(cookies)]), x.settings)
    rec.add(
        name,
        "home_max",
        home.max_rps,
        "req/s",
        reference="granian, same process count",
        reference_value=rec.measures["home"].max_rps,
    )
    rec.add(
        name,
        "home_latency_p95",
        home.p95,
        "ms",
        reference="granian S3 p95",
        reference_value=rec.measures["home"].p95,
    )
    rec.add(name, "home_errors", home.errors, "requests", goal="0", met=home.errors == 0)
    client.close()
