"""S4's floor (ADR 0072): the rows of class sends written by psycopg alone, from several
connections at once, in a process of its own so that the load generator keeps its core.

    python bench/send_replay.py CONNECTIONS SECONDS < plans.json

`plans.json`: `[[sender_id, [recipient ids…]], …]` (DATABASE_URL names the database). Each
connection writes one send per transaction (`class_send.write_one_send`, the reference's one
statement), going through the plans from its own offset, until SECONDS have passed. Prints one
JSON line: sends per second over all connections, p50 / p95 latencies (ms), sends written.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.class_send import write_one_send  # noqa: E402
from bench.loadgen import percentile  # noqa: E402


def replay(url: str, plans: list[Any], connections: int, seconds: float) -> dict[str, float]:
    latencies: list[list[float]] = [[] for _ in range(connections)]
    start = time.perf_counter()
    deadline = start + seconds
    threads = [
        threading.Thread(target=_writer, args=(url, plans, n, deadline, latencies[n]))
        for n in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    every = [value for own in latencies for value in own]
    return {
        "sends": len(every),
        "rate": len(every) / elapsed,
        "p50_ms": percentile(every, 50) * 1000 if every else 0.0,
        "p95_ms": percentile(every, 95) * 1000 if every else 0.0,
    }


def _writer(url: str, plans: list[Any], offset: int, deadline: float, out: list[float]) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        write_sends(conn, plans, offset, deadline, out)


def write_sends(
    conn: Any, plans: list[Any], offset: int, deadline: float, out: list[float]
) -> None:
    """One send per transaction on `conn`, from plan `offset` on, until `deadline`; each send's
    seconds appended to `out`."""
    i = offset
    while time.perf_counter() < deadline:
        sender, recipients = plans[i % len(plans)]
        began = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            write_one_send(cur, sender, recipients)
        out.append(time.perf_counter() - began)
        i += 1


if __name__ == "__main__":
    connections, seconds = int(sys.argv[1]), float(sys.argv[2])
    plans = json.load(sys.stdin)
    print(json.dumps(replay(os.environ["DATABASE_URL"], plans, connections, seconds)))
