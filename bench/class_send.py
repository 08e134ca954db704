"""S4 in-process: one API class send (30 parents + one person), its queries and its time.

`python -m bench.class_send` (DATABASE_URL of a PostgreSQL to write into) prints one JSON line:
the SQL statements of one `POST /api/v1/messages` to a class's parents group, and the p50 / p95
of the API call and of the service alone, measured in this process (no HTTP, no server). The
same-run reference is the same rows written by psycopg in one set-based statement
(`INSERT … SELECT FROM unnest`, `write_one_send`): what a direct SQL writer would do at best.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARENTS = 30


def class_with_parents(count: int = PARENTS) -> tuple[Any, Any, list[Any]]:
    """A school whose class has `count` pupils with one parent each: its teacher, the class's
    parents group and the parents."""
    from preau.directory.factories import (
        SchoolClassFactory,
        SchoolFactory,
        make_parent,
        make_pupil,
        make_teacher,
    )
    from preau.directory.models import Group
    from preau.directory.services.groups import refresh_derived_groups

    school = SchoolFactory.create()
    school_class = SchoolClassFactory.create(school=school, name="CM1 bench", levels=["CM1"])
    teacher = make_teacher(school_class)
    parents = [make_parent(make_pupil(school_class)) for _ in range(count)]
    refresh_derived_groups(school)
    group = Group.objects.get(school_class=school_class, profile="responsable")
    return teacher, group, parents


def _percentiles(values: list[float], cpu: float | None = None) -> dict[str, float]:
    """p50 / p95 of the wall times; `cpu`: this process's CPU seconds over all of them (the
    Python side of a send, without PostgreSQL's), reported per send."""
    count = len(values)
    values = sorted(values)
    p95 = values[min(count - 1, int(0.95 * count))]
    out = {"p50_ms": statistics.median(values) * 1000, "p95_ms": p95 * 1000}
    if cpu is not None:
        out["cpu_ms_per_send"] = cpu / count * 1000
    return out


def api_sends(teacher: Any, group: Any, person: Any, sends: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(teacher)
    payload = json.dumps({"to": [f"group:{group.pk}"], "subject": "S4", "body": "x"})
    times: list[float] = []
    seen: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        seen.append(sql)
        return execute(sql, *args)

    client.post("/api/v1/messages", payload, "application/json")
    with connection.execute_wrapper(count):
        assert client.post("/api/v1/messages", payload, "application/json").status_code == 201
    cpu = time.process_time()
    for _ in range(sends):
        start = time.perf_counter()
        response = client.post("/api/v1/messages", payload, "application/json")
        times.append(time.perf_counter() - start)
        assert response.status_code == 201, response.content
    cpu = time.process_time() - cpu
    return {"queries": len(seen), **_percentiles(times, cpu)}


def service_sends(teacher: Any, group: Any, person: Any, sends: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from preau.messaging.services import compose

    to = [f"group:{group.pk}"]
    times: list[float] = []
    with CaptureQueriesContext(connection) as first:
        compose.send(teacher, to=to, subject="S4", body="x")
    cpu = time.process_time()
    for _ in range(sends):
        start = time.perf_counter()
        compose.send(teacher, to=to, subject="S4", body="x")
        times.append(time.perf_counter() - start)
    cpu = time.process_time() - cpu
    statements = [q["sql"] for q in first.captured_queries]
    return {"queries": len(statements), "statements": statements, **_percentiles(times, cpu)}


def direct_inserts(teacher: Any, recipients: list[int], sends: int) -> dict[str, Any]:
    """The same rows (message, 1 + N copies, event, N feed entries, audit) by psycopg alone."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    times: list[float] = []
    with psycopg.connect(url) as conn:
        cpu = time.process_time()
        for _ in range(sends):
            start = time.perf_counter()
            with conn.transaction(), conn.cursor() as cur:
                write_one_send(cur, teacher.pk, recipients)
            times.append(time.perf_counter() - start)
        cpu = time.process_time() - cpu
    return _percentiles(times, cpu)


# The honest best a direct SQL writer would do: every row of one send in one set-based statement
# (the recipients' ids as one array, `unnest`), one round trip. The event comes first so that the
# message can name it; every sub-statement sees the same snapshot and the foreign keys are
# checked at the end of the statement.
ONE_SEND_SQL = """
WITH e AS (
    INSERT INTO timeline_event (kind, service, actor_id, title, url, created_at, audience,
                                delivered_at)
    VALUES ('messaging.message', 'messagerie', %(sender)s, 'S4', '/', now(), '{}', now())
    RETURNING id, created_at
), m AS (
    INSERT INTO messaging_message (sender_id, subject, body, body_text, status, mode, to_users,
                                   to_groups, created_at, updated_at, sent_at, recipient_count,
                                   fanout_done_at, event_id)
    SELECT %(sender)s, 'S4', '<p>x</p>', 'x', 'sent', 'new', '[]', '[]', now(), now(), now(),
           cardinality(%(recipients)s::bigint[]), now(), e.id
      FROM e
    RETURNING id
), d AS (
    INSERT INTO messaging_delivery (message_id, user_id, box, date, read_at)
    SELECT m.id, %(sender)s, 'sent', now(), now() FROM m
    UNION ALL
    SELECT m.id, r.id, 'inbox', now(), NULL FROM m, unnest(%(recipients)s::bigint[]) AS r(id)
), f AS (
    INSERT INTO timeline_feedentry (event_id, user_id, service, created_at)
    SELECT e.id, r.id, 'messagerie', e.created_at
      FROM e, unnest(%(recipients)s::bigint[]) AS r(id)
), a AS (
    INSERT INTO core_auditevent (created_at, actor_id, action, target_type, target_id, data)
    SELECT now(), %(sender)s, 'messaging.message.sent', 'messaging.message', m.id::text, '{}'
      FROM m
)
SELECT m.id, e.id FROM m, e
"""


def write_one_send(cur: Any, sender: int, recipients: list[int]) -> tuple[int, int]:
    """The rows of one send (message, copies, event, feed entries, audit) in one statement;
    the message's and the event's ids."""
    cur.execute(ONE_SEND_SQL, {"sender": sender, "recipients": list(recipients)})
    message_id, event_id = cur.fetchone()
    return message_id, event_id


def profile(sends: int = 200) -> dict[str, Any]:
    from preau.messaging.services.compose import send
    from preau.messaging.services.fanout import recipients

    teacher, group, parents = class_with_parents()
    person = parents[0]
    probe = send(teacher, to=[f"group:{group.pk}"], subject="S4", body="x")
    ids = list(recipients(probe).values_list("pk", flat=True))
    return {
        "recipients": len(ids),
        "service": service_sends(teacher, group, person, sends),
        "api": api_sends(teacher, group, person, sends),
        "direct": direct_inserts(teacher, ids, sends),
    }


if __name__ == "__main__":
    from bench.run import setup_django

    setup_django(os.environ["DATABASE_URL"])
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # factories' sequences start again
    result = profile(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    if "-v" in sys.argv:
        for sql in result["service"]["statements"]:
            print(sql[:160], file=sys.stderr)
    result["service"].pop("statements")
    print(json.dumps(result))
