"""S8 (performance.md): upload and download of 5 MB files, 10 concurrent clients, against nginx
serving the same file statically in the same run. Also: peak Python memory of a streamed download.

    .venv/bin/python bench/files/s8.py [--seconds 10] [--clients 10] [--processes 2] [--documents N]

`make bench` runs it too (bench/run.py → `s8_records`), on its PostgreSQL and Redis. Alone, it
uses DATABASE_URL / REDIS_URL when set (a fresh database is created on that PostgreSQL server
and dropped afterwards), else SQLite. Everything runs on loopback in a throw-away directory:
a school with 10,000 existing documents and the 5 MB one a teacher shares with the class's
parents (bench/files/dataset.py), the production settings, granian behind nginx
(bench/topology.py). Measured closed-loop with the harness's generator (bench/loadgen.py), each
for --seconds after a 2 s warm-up:

  ref      GET the 5 MB file as an nginx static file
  accel    GET /api/v1/documents/{id}/content through nginx, by a parent of the class: Préau
           authorises (the share with the class's parents), nginx sends
  floor    GET /_bench/signed-in-file through nginx, same parent: Préau reads the session and
           the account, as every signed-in request does, and answers X-Accel-Redirect for the
           same bytes without authorising anything else: the most `accel` could reach (ADR 0072)
           (ref, floor and accel alternate in 4 slices of --seconds / 2 each, pooled: all see
           the same background load)
  stream   GET the same straight from granian: Préau streams the bytes itself
  upload   POST /api/v1/documents (multipart 5 MB) through nginx, by the teacher: checked,
           counted, stored

Prints JSON: throughput (MB/s, requests/s), p50/p95/p99 latencies, errors, ratios against ref.
Server and load generator share the machine's cores (pessimistic figures, see performance.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import cpu  # noqa: E402
from bench.loadgen import Client, Request, Result, closed_loop, percentile  # noqa: E402
from bench.topology import DEPLOY_NGINX, VENV_BIN, Topology, app_environment  # noqa: E402
from preau.ops.pgadmin import drop_database  # noqa: E402

SIZE = 5 * 1024 * 1024
BOUNDARY = "preau-bench-boundary"
CSRF = "c" * 32
ACCEL_PREFIX = "/_preau_files/"
FLOOR_KEY = "_bench/same-5mb.bin"  # what /_bench/signed-in-file hands to nginx (preau.ops.views)
DOWNLOADS = (
    ("accel", "S8_download_x_accel"),
    ("floor", "S8_download_signed_in_floor"),
    ("stream", "S8_download_streamed"),
)
GOALS = {"accel": "≥ 0.8 × nginx", "floor": "the most S8's ratio could reach"}


@contextmanager
def fresh_database(var: Path) -> Iterator[str]:
    """SQLite under `var`, or a new database on DATABASE_URL's PostgreSQL, dropped afterwards."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgres"):
        yield f"sqlite:///{var / 's8.sqlite3'}"
        return
    import psycopg

    name = f"preau_s8_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(given, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # name made here, never from input
    try:
        yield given.rsplit("/", 1)[0] + "/" + name
    finally:
        drop_database(given, name)


def app_env(var: Path, database_url: str, accel: bool) -> dict[str, str]:
    return app_environment(
        database_url,
        os.environ.get("REDIS_URL", ""),
        PREAU_VAR_DIR=str(var),
        PREAU_X_ACCEL_REDIRECT_PREFIX=ACCEL_PREFIX if accel else "",
        PREAU_BENCH_ENDPOINTS="true",
        PREAU_MAX_CONCURRENT_REQUESTS="0",
        PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS="0",
        AXES_ENABLED="false",
        DJANGO_SETTINGS_MODULE="config.settings",
    )


def prepare(env: dict[str, str], documents: int) -> dict[str, Any]:
    python = str(VENV_BIN / "python")
    migrate = [python, "manage.py", "migrate", "--noinput", "-v0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True)  # noqa: S603
    out = subprocess.run(  # noqa: S603
        [python, "-m", "bench.files.dataset", str(SIZE), str(documents)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def csv_like(size: int) -> bytes:
    """A 5 MB text file (a class's CSV export): checked by type, counted, stored."""
    line = "Nom;Prénom;Classe;Date de naissance;Responsable;Téléphone\n".encode()
    body = bytearray()
    number = 0
    while len(body) < size:
        row = f"ÉLÈVE{number};Prénom{number};CE1 A;0{number % 9 + 1}/05/2018;Parent {number};"
        body += f"{row}06{number:08d}\n".encode()
        number += 1
    return line + bytes(body[: size - len(line)])


def multipart(body: bytes) -> bytes:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="classe.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    return head + body + f"\r\n--{BOUNDARY}--\r\n".encode()


def summary(result: Result, usage: cpu.Usage, status: int, size: int) -> dict[str, Any]:
    """Throughput and latencies of the successful requests (`status`) of a closed-loop run, and
    where its CPU went (bench/cpu.py)."""
    ok = result.latencies(status)
    return {
        "cpu": asdict(usage),
        "requests": len(ok),
        "errors": len(result.samples) - len(ok),
        "error_statuses": sorted({s.status for s in result.samples if s.status != status}),
        "req_s": result.throughput(status),
        "mb_s": result.throughput(status) * size / 1e6,
        "p50_ms": percentile(ok, 50) * 1000,
        "p95_ms": percentile(ok, 95) * 1000,
        "p99_ms": percentile(ok, 99) * 1000,
    }


def load(port: int, request: Request, status: int, clients: int, seconds: float) -> dict[str, Any]:
    async def run() -> tuple[Result, cpu.Usage]:
        client = Client("127.0.0.1", port)
        await closed_loop(client, lambda i: request, clients, 2.0)
        before = cpu.sample()
        measured = await closed_loop(client, lambda i: request, clients, seconds)
        usage = cpu.usage(before, cpu.sample(), measured.count(status))
        client.close()
        return measured, usage

    measured, usage = asyncio.run(run())
    return summary(measured, usage, status, SIZE)


def always(request: Request) -> Callable[[int], Request]:
    return lambda i: request


def load_alternated(
    port: int, requests: dict[str, Request], clients: int, seconds: float, rounds: int = 4
) -> dict[str, dict[str, Any]]:
    """Each request measured in `rounds` slices of `seconds` / 2, alternated (ref, accel, ref,
    accel…) and pooled: a change of the machine's background load during the run weighs on the
    reference and the subject alike, instead of on whichever ran in the noisier 12 s."""

    async def run() -> tuple[dict[str, Result], dict[str, list[cpu.Usage]]]:
        client = Client("127.0.0.1", port)
        pooled = {name: Result() for name in requests}
        usage: dict[str, list[cpu.Usage]] = {name: [] for name in requests}
        for request in requests.values():
            await closed_loop(client, always(request), clients, 2.0)
        for _ in range(rounds):
            for name, request in requests.items():
                before = cpu.sample()
                part = await closed_loop(client, always(request), clients, seconds / 2)
                usage[name].append(cpu.usage(before, cpu.sample(), part.count(200)))
                pooled[name].samples += part.samples
                pooled[name].duration += part.duration
        client.close()
        return pooled, usage

    results, usage = asyncio.run(run())
    return {name: summary(r, cpu.combine(usage[name]), 200, SIZE) for name, r in results.items()}


def nginx_extras(var: Path) -> tuple[str, str]:
    """Uploads of 5 MB through the proxy; nginx's internal location for X-Accel-Redirect, with
    the production one's directives (deploy/nginx/preau-files.conf)."""
    files = var / "media" / "files"
    internal = f"alias {files}/; include {DEPLOY_NGINX}/preau-files.conf;"
    return "client_max_body_size 50m;", f"location {ACCEL_PREFIX} {{ {internal} }}"


def measure_http(var: Path, state: Path, database_url: str, info: dict[str, Any], a: Any) -> Any:
    topo = Topology(state, app_env(var, database_url, accel=True))
    cookie = ("Cookie", f"preau_session={info['session']}; csrftoken={CSRF}")
    content = Request("GET", f"/api/v1/documents/{info['document']}/content", (cookie,))
    uploader = ("Cookie", f"preau_session={info['uploader_session']}; csrftoken={CSRF}")
    results: dict[str, Any] = {}
    try:
        topo.start_apps("accel", a.processes, a.threads)
        extra_http, extra_server = nginx_extras(var)
        port = topo.start_nginx(extra_http=extra_http, extra_server=extra_server)
        shutil.copy(var / "media" / "files" / info["key"], state / "static" / "same-5mb.bin")
        floor_file = var / "media" / "files" / FLOOR_KEY
        floor_file.parent.mkdir(mode=0o755, exist_ok=True)
        shutil.copy(var / "media" / "files" / info["key"], floor_file)
        upload = Request(
            "POST",
            "/api/v1/documents",
            (
                uploader,
                ("X-CSRFToken", CSRF),
                ("Content-Type", f"multipart/form-data; boundary={BOUNDARY}"),
                ("Referer", f"http://127.0.0.1:{port}/"),
            ),
            multipart(csv_like(SIZE)),
        )
        ref = Request("GET", "/static-bench/same-5mb.bin")
        floor = Request("GET", "/_bench/signed-in-file", (cookie,))
        alternated = {"ref": ref, "floor": floor, "accel": content}
        results.update(load_alternated(port, alternated, a.clients, a.seconds))
        results["upload"] = load(port, upload, 201, a.clients, a.seconds)
        topo.stop_apps("accel")
        topo.env = app_env(var, database_url, accel=False)
        direct = topo.start_app("stream", workers=a.processes, threads=a.threads)
        results["stream"] = load(direct, content, 200, a.clients, a.seconds)
    finally:
        topo.stop_all()
    return results


def streamed_download_peak(env: dict[str, str], megabytes: int = 200) -> dict[str, float]:
    """Peak Python allocations while a 200 MB document is served by Préau's streaming path."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.test import RequestFactory

    from preau.storage.downloads import file_response
    from preau.storage.models import StoredFile

    stored = StoredFile.objects.order_by("pk").first()
    assert stored is not None
    files: Any = settings.STORAGES["preau_files"]
    big = Path(files["OPTIONS"]["location"]) / "bench-big.bin"
    with big.open("wb") as handle:
        block = os.urandom(1 << 20)
        for _ in range(megabytes):
            handle.write(block)
    stored.key, stored.size = "bench-big.bin", megabytes << 20  # in memory only, never saved
    tracemalloc.start()
    response: Any = file_response(RequestFactory().get("/"), stored)
    total = sum(len(chunk) for chunk in response.streaming_content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    big.unlink()
    return {"served_mb": total / 1e6, "peak_python_kib": peak / 1024}


def run(a: Any) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="preau-bench-s8-"))
    var, state = tmp / "var", tmp / "state"
    (var / "media" / "files").mkdir(parents=True)
    state.mkdir()
    for folder in (tmp, var, var / "media", var / "media" / "files"):
        folder.chmod(0o755)  # nginx's worker user reads the reference and the stored files
    try:
        with fresh_database(var) as database_url:
            info = prepare(app_env(var, database_url, accel=False), a.documents)
            results = measure_http(var, state, database_url, info, a)
            if not a.skip_memory:
                results["memory"] = streamed_download_peak(app_env(var, database_url, False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ref = results["ref"]["mb_s"] or 1
    results["ratios"] = {
        "accel_vs_nginx": results["accel"]["mb_s"] / ref,
        "floor_vs_nginx": results["floor"]["mb_s"] / ref,
        "stream_vs_nginx": results["stream"]["mb_s"] / ref,
    }
    results["setup"] = {
        "clients": a.clients,
        "seconds": a.seconds,
        "documents": info["documents"],
        "granian": f"{a.processes} processes x {a.threads} threads",
        "nginx_workers": 1,
        "cores": os.cpu_count(),
        "database": "PostgreSQL" if database_url.startswith("postgres") else "SQLite",
        "generator": "bench/loadgen.py (asyncio, one core) on the same cores",
    }
    return results


def s8_records(rec: Any, r: dict[str, Any]) -> None:
    """The S8 rows of `make bench` (same shape as the other scenarios; reference: nginx static)."""
    ref = r["ref"]
    rec.add("ref_nginx_static_5mb", "throughput", ref["mb_s"], "MB/s")
    rec.add("ref_nginx_static_5mb", "latency_p95", ref["p95_ms"], "ms")
    nginx = "nginx static 5 MB, same run"
    for name, label in DOWNLOADS:
        m = r[name]
        ratio = m["mb_s"] / ref["mb_s"] if ref["mb_s"] else 0.0
        goal = GOALS.get(name, "")
        met = ratio >= 0.8 if name == "accel" else None
        rec.add(
            label,
            "throughput",
            m["mb_s"],
            "MB/s",
            reference=nginx,
            reference_value=ref["mb_s"],
            goal=goal,
            met=met,
        )
        rec.add(label, "latency_p95", m["p95_ms"], "ms")
        rec.add(label, "errors", m["errors"], "requests", goal="0", met=m["errors"] == 0)
    up = r["upload"]
    rec.add(
        "S8_upload",
        "throughput",
        up["mb_s"],
        "MB/s",
        reference=nginx,
        reference_value=ref["mb_s"],
        goal="≥ 100 MB/s",
        met=up["mb_s"] >= 100,
    )
    for q in ("p50", "p95", "p99"):
        goal, met = ("< 1000 ms", up["p95_ms"] < 1000) if q == "p95" else ("", None)
        rec.add("S8_upload", f"latency_{q}", up[f"{q}_ms"], "ms", goal=goal, met=met)
    rec.add("S8_upload", "errors", up["errors"], "requests", goal="0", met=up["errors"] == 0)
    for name, label in (
        ("ref", "ref_nginx_static_5mb"),
        *DOWNLOADS,
        ("upload", "S8_upload"),
    ):
        rec.cpu(label, cpu.Usage(**r[name]["cpu"]))


def arguments(argv: list[str] | None = None) -> Any:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=5)
    parser.add_argument(
        "--documents", type=int, default=10_000, help="existing documents (performance.md §5)"
    )
    parser.add_argument("--skip-memory", action="store_true", help="no 200 MB streaming probe")
    return parser.parse_args(argv)


if __name__ == "__main__":
    print(json.dumps(run(arguments()), indent=2))
