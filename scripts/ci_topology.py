"""CI: the production topology on loopback (issue 8), with the PostgreSQL and Redis of .ci/run.

Starts two granian app processes, one task worker and nginx in front (bench/topology.py), then
checks, and exits non-zero with a French message on the first failure:
1. a session opened on one app process is valid on the other (sessions live in Redis/PostgreSQL);
2. a task enqueued by an app-side process is run by the worker;
3. the live badge's event streams, held open through nginx by the ASGI live process (more of
   them than the app processes have threads and the database pool has connections), leave the
   app answering, and a push reaches every one;
4. stopping one app process (SIGTERM) in the middle of a steady GET load loses no request: nginx
   retries what the stopping process refused, granian finishes what it had started.
Usage: DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python scripts/ci_topology.py
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import Client, open_loop  # noqa: E402
from bench.scenarios import get, login_request  # noqa: E402
from bench.topology import VENV_BIN, Topology, app_environment  # noqa: E402

LOGIN, PASSWORD = "demo.parent", "preau-demo"


def fail(message: str) -> None:
    print(f"ÉCHEC topologie : {message}", file=sys.stderr)
    raise SystemExit(1)


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        fail(f"manage.py {' '.join(args)} : {done.stderr.strip()[-800:]}")
    return done.stdout


async def session_on_both(ports: list[int]) -> str:
    first, second = Client("127.0.0.1", ports[0]), Client("127.0.0.1", ports[1])
    status, headers, _ = await first.send(login_request(LOGIN, PASSWORD))
    if status != 200:
        fail(f"connexion de {LOGIN} sur le premier processus : HTTP {status}")
    cookie = next(
        (c.split(";", 1)[0] for c in headers.get("set-cookie", "").split("\n")
         if c.startswith("preau_session=")), "",
    )  # fmt: skip
    status, _, body = await second.send(get("/api/v1/me", cookie))
    if status != 200 or json.loads(body).get("login") != LOGIN:
        fail(f"la session ouverte sur un processus n'est pas reconnue par l'autre (HTTP {status})")
    first.close()
    second.close()
    print("topologie : session ouverte sur un processus, reconnue par l'autre.")
    return cookie


def task_run_by_worker(env: dict[str, str]) -> None:
    task_id = manage(env, "availability_probe").strip().rsplit(" ", 1)[-1]
    query = (
        "from django_tasks_db.models import DBTaskResult as R; "
        f"print(R.objects.get(id='{task_id}').status)"
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = manage(env, "shell", "-c", query).strip().splitlines()[-1]
        if status == "SUCCESSFUL":
            print(f"topologie : tâche {task_id} exécutée par le worker.")
            return
        if status == "FAILED":
            fail(f"la tâche {task_id} a échoué dans le worker")
        time.sleep(0.5)
    fail(f"la tâche {task_id} n'a pas été exécutée par le worker en 60 s")


async def open_stream(port: int, cookie: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /fil/direct/ HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\n\r\n".encode()
    )
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    if b" 200 " not in head.split(b"\r\n", 1)[0] or b"text/event-stream" not in head:
        fail(f"flux en direct : réponse inattendue {head[:200]!r}")
    first = await asyncio.wait_for(reader.readuntil(b"\n\n"), 10)
    if b"retry:" not in first:
        fail(f"flux en direct : premier événement inattendu {first!r}")
    return reader, writer


async def live_streams(env: dict[str, str], port: int, cookie: str, count: int) -> None:
    streams = [await open_stream(port, cookie) for _ in range(count)]
    client = Client("127.0.0.1", port)
    status, _, _ = await client.send(get("/api/v1/me", cookie))
    client.close()
    if status != 200:
        fail(f"{len(streams)} flux ouverts bloquent les processus d'application (HTTP {status})")
    push = "from preau.accounts.models import User; from preau.timeline import live; "
    push += f"live.push_badges([User.objects.get(login='{LOGIN}').pk])"
    await asyncio.to_thread(manage, env, "shell", "-c", push)
    for reader, writer in streams:
        event = await asyncio.wait_for(reader.readuntil(b"\n\n"), 10)
        if b"event: badge" not in event:
            fail(f"flux en direct : l'envoi n'est pas arrivé ({event!r})")
        writer.close()
    print(
        f"topologie : {len(streams)} flux en direct ouverts, l'application répond, l'envoi arrive."
    )


async def stop_one_under_load(topo: Topology, port: int, cookie: str) -> None:
    client = Client("127.0.0.1", port)

    async def stop_later() -> None:
        await asyncio.sleep(3)
        await asyncio.to_thread(topo.stop, "app1")

    stopper = asyncio.create_task(stop_later())
    result = await open_loop(client, lambda i: get("/api/v1/me", cookie), 50, 8)
    await stopper
    client.close()
    statuses = Counter(s.status for s in result.samples)
    if set(statuses) != {200}:
        fail(f"requêtes perdues à l'arrêt d'un processus : {dict(statuses)}")
    print(f"topologie : un processus arrêté en pleine charge, {statuses[200]} requêtes, 0 perdue.")


def main() -> None:
    database_url, redis_url = os.environ["DATABASE_URL"], os.environ["REDIS_URL"]
    setup_env = {**os.environ, "PREAU_ENV": "development"}
    manage(setup_env, "migrate", "--noinput")
    manage(setup_env, "seed_demo")
    env = app_environment(database_url, redis_url)
    with tempfile.TemporaryDirectory(prefix="preau-topology-") as state:
        topo = Topology(Path(state), env)
        try:
            ports = [topo.start_app("app1", workers=1, threads=4),
                     topo.start_app("app2", workers=1, threads=4)]  # fmt: skip
            topo.start_worker()
            topo.start_live()
            # Failover, not shedding (tests/test_deploy_nginx.py and the benchmark's S10 cover
            # max_conns): half the capacity gone, the surviving process queues the rest.
            nginx = topo.start_nginx(admission=False)
            cookie = asyncio.run(session_on_both(ports))
            task_run_by_worker(env)
            # More open pages than the app processes' threads (8) and the database pool (10).
            asyncio.run(live_streams(env, nginx, cookie, count=24))
            asyncio.run(stop_one_under_load(topo, nginx, cookie))
        except BaseException:
            for log in sorted(Path(state).glob("*.log")):
                print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}", file=sys.stderr)
            raise
        finally:
            topo.stop_all()
    print("topologie : OK")


if __name__ == "__main__":
    main()
