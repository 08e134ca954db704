"""A small asyncio HTTP/1.1 load generator: closed-loop (maximum) and open-loop (latency).

Open loop (ADR 0015): requests are *scheduled* at a constant rate and each latency is measured from
its scheduled time, so a slow server cannot slow the generator down and hide its queueing
(coordinated omission); the closed loop's clients honour a 503's Retry-After. Connections are kept
alive and reused; a request that finds no idle
connection opens a new one, up to `max_connections`, or waits (that wait counts).

While a loop runs, this process does not collect garbage (`collector_paused`, ADR 0070): a full
collection of the bench's process (Django, the dataset's lists, every sample so far) took
86–340 ms, during which no request left and no answer was read; the requests due meanwhile then
left at once, a burst that no real population of clients sends, and the server's admission
refused part of it.
"""

from __future__ import annotations

import asyncio
import gc
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    expect: int = 200  # the status that means it worked (201 for a POST that creates)

    def encode(self, host: str) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}"]
        lines += [f"{k}: {v}" for k, v in self.headers]
        if self.body or self.method == "POST":
            lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


@dataclass
class Sample:
    at: float  # seconds since the start of the run
    latency: float  # seconds
    status: int
    path: str = ""  # the request's path without its query, kept for the unexpected statuses
    ok: bool = True  # the status was the one the request expects
    origin: str = ""  # who answered a failed request: "app" (Préau's X-Request-ID) or "nginx"


@dataclass
class Result:
    samples: list[Sample] = field(default_factory=list)
    duration: float = 0.0

    def latencies(self, status: int | None = 200) -> list[float]:
        return sorted(s.latency for s in self.samples if status is None or s.status == status)

    def throughput(self, status: int | None = 200) -> float:
        ok = sum(1 for s in self.samples if status is None or s.status == status)
        return ok / self.duration if self.duration else 0.0

    def ok_latencies(self) -> list[float]:
        """Latencies of the requests answered as each expects (200, or 201 for a creation)."""
        return sorted(s.latency for s in self.samples if s.ok)

    def ok_count(self) -> int:
        return sum(1 for s in self.samples if s.ok)

    def ok_throughput(self) -> float:
        return self.ok_count() / self.duration if self.duration else 0.0

    def count(self, status: int) -> int:
        return sum(1 for s in self.samples if s.status == status)


def answered_by(headers: dict[str, str]) -> str:
    """Préau puts an X-Request-ID on every answer, its own 503s included; nginx's refusals
    (max_conns reached, limit_conn) carry none."""
    return "app" if "x-request-id" in headers else "nginx"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def roundtrip(self, raw: bytes) -> tuple[int, dict[str, str], bytes]:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                key = k.strip().lower()
                value = v.strip()
                headers[key] = f"{headers[key]}\n{value}" if key in headers else value
        return status, headers, await self._body(headers)

    async def _body(self, headers: dict[str, str]) -> bytes:
        if "content-length" in headers:
            return await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    return b"".join(chunks)
                chunks.append(chunk[:-2])
        return b""


def _closed_before_answer(error: Exception) -> bool:
    if isinstance(error, asyncio.IncompleteReadError):
        return not error.partial
    return isinstance(error, (ConnectionResetError, BrokenPipeError))


class Client:
    def __init__(self, host: str, port: int, max_connections: int = 256) -> None:
        self.host, self.port = host, port
        self.idle: list[Connection] = []
        self.slots = asyncio.Semaphore(max_connections)

    async def send(self, request: Request) -> tuple[int, dict[str, str], bytes]:
        """One request; 599 when the server closed or broke the connection without an answer.

        A kept-alive connection that the server closed while it sat idle (nginx's
        keepalive_timeout) fails before any byte of answer: the request is sent again once on a
        new connection, as browsers do (RFC 9112 §9.3.1), instead of counting a server error."""
        async with self.slots:
            reused = bool(self.idle)
            conn = self.idle.pop() if reused else await self._open()
            try:
                status, headers, body = await conn.roundtrip(request.encode(self.host))
            except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                conn.writer.close()
                if not (reused and _closed_before_answer(error)):
                    return 599, {}, b""
                conn = await self._open()
                try:
                    status, headers, body = await conn.roundtrip(request.encode(self.host))
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    conn.writer.close()
                    return 599, {}, b""
            if headers.get("connection", "").lower() == "close":
                conn.writer.close()
            else:
                self.idle.append(conn)
            return status, headers, body

    async def _open(self) -> Connection:
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=1 << 22)
        return Connection(reader, writer)

    def close(self) -> None:
        for conn in self.idle:
            conn.writer.close()
        self.idle.clear()


Picker = Callable[[int], Request]
_loops_running = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while any loop runs (loops may run side by side, as S4's sends and
    home pages do); the garbage of the loops is collected once the last one ends, outside any
    measure."""
    global _loops_running
    if _loops_running == 0:
        gc.disable()
    _loops_running += 1
    try:
        yield
    finally:
        _loops_running -= 1
        if _loops_running == 0:
            gc.enable()
            gc.collect()


async def closed_loop(client: Client, pick: Picker, concurrency: int, seconds: float) -> Result:
    result = Result()
    start = time.perf_counter()
    deadline = start + seconds
    counter = iter(range(10**9))

    async def worker() -> None:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            request = pick(next(counter))
            status, headers, _ = await client.send(request)
            ok = status == request.expect
            result.samples.append(Sample(t0 - start, time.perf_counter() - t0, status, ok=ok))
            if status == 503 and "retry-after" in headers:
                # A refused client waits as told (ADR 0045) instead of spinning on fast 503s,
                # which would burn the cores the server and generator share.
                wait = min(float(headers["retry-after"]), deadline - time.perf_counter())
                await asyncio.sleep(max(0.0, wait))

    with collector_paused():
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.duration = time.perf_counter() - start  # before the collection that follows
    return result


async def open_loop(
    client: Client,
    pick: Picker,
    rate: Callable[[float], float] | float,
    seconds: float,
    poisson: bool = False,
) -> Result:
    """Sends at `rate` requests/s (a number, or a function of the elapsed time)."""
    result = Result()
    rng = random.Random(8)  # noqa: S311 - reproducible arrivals
    start = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    scheduled, i = 0.0, 0

    async def fire(n: int, planned: float) -> None:
        request = pick(n)
        status, headers, _ = await client.send(request)
        done = time.perf_counter() - start
        ok = status == request.expect
        path = "" if ok else request.path.partition("?")[0]
        origin = "" if ok else answered_by(headers)
        result.samples.append(Sample(planned, done - planned, status, path, ok, origin))

    with collector_paused():
        while scheduled < seconds:
            current = rate(scheduled) if callable(rate) else rate
            gap = rng.expovariate(current) if poisson else 1.0 / current
            scheduled += gap
            delay = start + scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(fire(i, scheduled)))
            i += 1
        await asyncio.gather(*tasks)
    result.duration = seconds
    return result
