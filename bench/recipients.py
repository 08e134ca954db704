"""S6 (issue 4): list and search the recipients a person may write to, at académie scale.

In-process, in the bench process, on the COPY-loaded académie: `visible_recipients(user, query,
20)` from `preau.communication.selectors` for a parent, a teacher, a director and a
circonscription inspector (30 schools), with no query and with prefix searches. The reference,
in the same run, is the very SQL that call emits (captured once), replayed with psycopg on one
connection; the gate is app p95 ≤ 3 × SQL p95.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from bench.dataset import bench_login, inspector_login
from bench.loadgen import percentile

PEOPLE = {
    "parent": (bench_login(0, "p", 0), 20.0),
    "teacher": (bench_login(0, "t", 1), 20.0),
    "director": (bench_login(0, "t", 0), 20.0),
    "circonscription": (inspector_login(0), 50.0),
}
QUERIES = ("", "ma", "dup")


@dataclass(frozen=True)
class Timing:
    p50: float
    p95: float
    p99: float
    results: int


def _timed(call: Callable[[], Any], seconds: float, at_least: int = 30) -> list[float]:
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(samples) < at_least:
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _timing(samples: list[float], results: int) -> Timing:
    return Timing(
        percentile(samples, 50), percentile(samples, 95), percentile(samples, 99), results
    )


def measure(seconds: float) -> list[tuple[str, str, float, Timing, Timing]]:
    """(person, query, goal ms, app timing, raw SQL timing) for every person and query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from preau.accounts.models import User
    from preau.communication.selectors import visible_recipients

    found = []
    for person, (login, goal) in PEOPLE.items():
        user = User.objects.get(login=login)
        for query in QUERIES:
            results = len(visible_recipients(user, query, 20))
            with CaptureQueriesContext(connection) as captured:
                visible_recipients(user, query, 20)
            statements = [q["sql"] for q in captured.captured_queries]
            app = _timed(partial(visible_recipients, user, query, 20), seconds)
            raw = _timed(partial(_replay, connection, statements), seconds)
            found.append(
                (person, query, goal, _timing(app, results), _timing(raw, len(statements)))
            )
    return found


def _replay(connection: Any, statements: list[str]) -> None:
    with connection.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql.encode())
            if cursor.description:
                cursor.fetchall()
