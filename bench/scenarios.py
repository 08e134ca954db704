"""The scenarios of issue 8 and their same-run references (performance.md §5)."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench import cpu
from bench.cpu import Usage
from bench.loadgen import (
    Client,
    Picker,
    Request,
    Result,
    Sample,
    closed_loop,
    open_loop,
    percentile,
)


@dataclass(frozen=True)
class Settings:
    warm: float
    seconds: float
    concurrency: int
    overload_seconds: float
    think_seconds: float
    max_open_rate: float  # what the one-core Python generator can schedule on time
    runs: int = 3  # measured runs of each loop, the median kept (performance.md §1)


@dataclass(frozen=True)
class Beside:
    """A load run alongside every phase of a measure, at its own constant rate (S4's sends are
    measured while home pages are served at half their rate)."""

    pick: Picker
    rate: float


@dataclass
class Measure:
    max_rps: float
    rate: float
    p50: float
    p95: float
    p99: float
    errors: int
    result: Result  # the measured open loop
    peak: Result | None = None  # the closed loop that found the maximum
    beside: Result | None = None  # the load alongside, during the measured open loop
    cpu: Usage | None = None  # the closed loop's CPU per answered request (bench/cpu.py)
    cpu_open: Usage | None = None  # the measured open loop's
    maxima: list[float] = field(default_factory=list)  # every closed-loop run's, in run order
    p95s: list[float] = field(default_factory=list)  # every open-loop run's p95 (ms)
    refusals: list[int] = field(default_factory=list)  # every open-loop run's unexpected answers
    failed: list[Sample] = field(default_factory=list)  # unexpected answers of every open loop

    def error_statuses(self) -> str:
        """The unexpected statuses seen in the open-loop runs, when and on which paths, e.g.
        "503×5 at 3.1–3.4 s (/ ×4, /api/v1/me ×1; answered by app ×1, nginx ×4)" (599: no
        answer; "app" when Préau refused, "nginx" when nginx did)."""
        found = []
        failed = self.failed or [x for x in self.result.samples if not x.ok]
        for status in sorted({x.status for x in failed}):
            seen = [x for x in failed if x.status == status]
            paths = Counter(x.path for x in seen).most_common(3)
            where = ", ".join(f"{path or '?'} ×{count}" for path, count in paths)
            by = ", ".join(f"{o} ×{n}" for o, n in sorted(Counter(x.origin for x in seen).items()))
            when = f"{min(x.at for x in seen):.1f}–{max(x.at for x in seen):.1f} s"
            found.append(f"{status}×{len(seen)} at {when} ({where}; answered by {by})")
        return "; ".join(found)


def ms(values: list[float], q: float) -> float:
    return percentile(values, q) * 1000


async def measure(
    client: Client,
    pick: Picker,
    s: Settings,
    *,
    concurrency: int | None = None,
    beside: Beside | None = None,
) -> Measure:
    """Warm up, find the closed-loop maximum (`concurrency` clients, the settings' by default),
    then measure open-loop at 70 % of it; `beside` runs alongside every phase. A request counts
    when answered with the status it expects (`Request.expect`).

    The open loop is warmed up at its rate too: the closed loop leaves the servers saturated (a
    backlog of the mixed day's notifications in the worker, connections in every queue), and
    the latencies measured are those of the steady state at 70 % (performance.md §1: warm up,
    then measure), not of the way down from the maximum, which is S10's."""
    clients = concurrency or s.concurrency

    async def phase(loop: Awaitable[Result], seconds: float) -> tuple[Result, Result | None]:
        if beside is None:
            return await loop, None
        run, other = await asyncio.gather(
            loop, open_loop(client, beside.pick, beside.rate, seconds)
        )
        return run, other

    await phase(closed_loop(client, pick, clients, s.warm), s.warm)
    peaks = []
    for _ in range(max(1, s.runs)):
        before = cpu.sample()
        peak, _ = await phase(closed_loop(client, pick, clients, s.seconds), s.seconds)
        peaks.append((peak, cpu.usage(before, cpu.sample(), peak.ok_count())))
    maxima = [peak.ok_throughput() for peak, _ in peaks]
    peak, peak_cpu = peaks[median_index(maxima)]
    max_rps = peak.ok_throughput()
    rate = max(1.0, min(0.7 * max_rps, s.max_open_rate))
    await phase(open_loop(client, pick, rate, s.warm), s.warm)
    opens = []
    for _ in range(max(1, s.runs)):
        before = cpu.sample()
        run, alongside = await phase(open_loop(client, pick, rate, s.seconds), s.seconds)
        opens.append((run, alongside, cpu.usage(before, cpu.sample(), run.ok_count())))
    p95s = [ms(run.ok_latencies(), 95) for run, _, _ in opens]
    run, alongside, open_cpu = opens[median_index(p95s)]
    lat = run.ok_latencies()
    failed = [x for done, _, _ in opens for x in done.samples if not x.ok]
    return Measure(
        max_rps,
        rate,
        ms(lat, 50),
        ms(lat, 95),
        ms(lat, 99),
        len(failed),
        run,
        peak,
        alongside,
        peak_cpu,
        open_cpu,
        maxima=maxima,
        p95s=p95s,
        refusals=[len(done.samples) - done.ok_count() for done, _, _ in opens],
        failed=failed,
    )


def median_index(values: list[float]) -> int:
    """The index of the run whose value is the median (the lower middle of an even count): that
    run's figures are reported whole, rather than each figure's median from different runs."""
    return sorted(range(len(values)), key=values.__getitem__)[(len(values) - 1) // 2]


def get(path: str, cookie: str = "") -> Request:
    headers = (("Cookie", cookie),) if cookie else ()
    return Request("GET", path, headers)


def login_request(login: str, password: str) -> Request:
    body = json.dumps({"login": login, "password": password}).encode()
    return Request("POST", "/api/v1/auth/login", (("Content-Type", "application/json"),), body)


async def open_sessions(client: Client, logins: list[str], password: str) -> list[str]:
    """One signed-in browser per login: its Cookie header, session and CSRF cookies.

    A browser holds the CSRF cookie from its first page on and sends it with every request; a
    request without it makes Django draw a new CSRF secret and set the cookie again each time,
    which no real visitor costs. The cookie comes from the first home page after the sign-in."""
    cookies = []
    for login in logins:
        status, headers, _ = await client.send(login_request(login, password))
        if status != 200:
            raise RuntimeError(f"bench login {login} failed with {status}")
        jar = set_cookies(headers)
        session = f"preau_session={jar['preau_session']}"
        if "csrftoken" not in jar:
            status, headers, _ = await client.send(get("/", session))
            if status != 200:
                raise RuntimeError(f"bench home page of {login} answered {status}")
            jar.update(set_cookies(headers))
        cookies.append("; ".join(f"{name}={value}" for name, value in jar.items()))
    return cookies


def set_cookies(headers: dict[str, str]) -> dict[str, str]:
    """{name: value} of a response's Set-Cookie headers (the load generator joins them by \\n)."""
    found = {}
    for line in headers.get("set-cookie", "").split("\n"):
        name, _, rest = line.partition("=")
        if name.strip() and rest:
            found[name.strip()] = rest.split(";", 1)[0]
    return found


def psycopg_replay(database_url: str, statements: list[str], seconds: float) -> float:
    """Pages per second when psycopg alone runs the page's SQL, one connection."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn, conn.cursor() as cur:
        done, deadline = 0, time.perf_counter() + seconds
        start = time.perf_counter()
        while time.perf_counter() < deadline:
            for sql in statements:
                cur.execute(sql.encode())
                if cur.description:
                    cur.fetchall()
            done += 1
        return done / (time.perf_counter() - start)


async def overload(
    client: Client, pick: Picker, sustainable: float, s: Settings
) -> tuple[Result, float]:
    """3 × the sustainable rate for `overload_seconds`, then 1 × for 30 s."""

    def rate(t: float) -> float:
        return 3 * sustainable if t < s.overload_seconds else sustainable

    return await open_loop(client, pick, rate, s.overload_seconds + 30), s.overload_seconds


def recovery_seconds(result: Result, end: float, target_ms: float) -> tuple[float, dict[str, Any]]:
    """Seconds after the overload until every later 1-s window has its p95 under `target_ms`."""
    windows: dict[int, list[float]] = {}
    shed: dict[int, int] = {}
    for sample in result.samples:
        second = int(sample.at)
        if sample.ok:
            windows.setdefault(second, []).append(sample.latency)
        elif sample.status == 503:
            shed[second] = shed.get(second, 0) + 1
    last = int(result.duration)
    t = list(range(last))
    p95 = [ms(windows.get(i, []), 95) if windows.get(i) else float("nan") for i in t]
    recovered = float("inf")
    for i in range(int(end), last):
        later = [v for v in p95[i:] if v == v]
        if later and max(later) <= target_ms:
            recovered = i - end
            break
    timeline = {
        "t": t,
        "p95_ms": [0 if v != v else v for v in p95],
        "shed_per_s": [shed.get(i, 0) for i in t],
        "overload_end": end,
    }
    return recovered, timeline


def mixed_picker(pickers: dict[str, Picker], weights: dict[str, int]) -> Callable[[int], Request]:
    """Deterministic mix over 100 slots, `weights` in percent."""
    slots = [name for name, weight in weights.items() for _ in range(weight)]

    def pick(i: int) -> Request:
        return pickers[slots[(i * 37) % len(slots)]](i)

    return pick
