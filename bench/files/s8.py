"""S8 (performance.md): upload and download of 5 MB files, 10 concurrent clients, against nginx
serving the same file statically in the same run. Also: peak Python memory of a streamed download.

    .venv/bin/python bench/files/s8.py [--seconds 10] [--clients 10] [--workers 2]

Everything runs on loopback in a throw-away directory: a SQLite Préau with one teacher and one
5 MB document, granian (WSGI) and nginx (reference static file; X-Accel-Redirect for Préau).
Measured, in order, each closed-loop for --seconds after a 2 s warm-up:

  ref      GET the 5 MB file as an nginx static file
  accel    GET /api/v1/documents/{id}/content through nginx: Préau authorises, nginx sends
  stream   GET the same straight from granian: Préau streams the bytes itself
  upload   POST /api/v1/documents (multipart 5 MB) through nginx: checked, counted, stored

Prints throughput (MB/s, requests/s), p50/p95/p99 latencies, errors, and the ratios against ref.
Server and load generator share the machine's cores (pessimistic figures, see performance.md).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SIZE = 5 * 1024 * 1024
BOUNDARY = "preau-bench-boundary"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(port: int, seconds: float = 30) -> None:
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def django_env(var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PREAU_ENV": "development",
        "PREAU_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PREAU_ACCESS_LOG": "false",
        "PREAU_X_ACCEL_REDIRECT_PREFIX": "/_preau_files/",
        "PREAU_MAX_CONCURRENT_REQUESTS": "0",
        "PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "AXES_ENABLED": "false",
    }


SETUP = """
import django, json, os
django.setup()
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from preau.directory.factories import SchoolClassFactory, make_teacher
from preau.documents.services.documents import upload
teacher = make_teacher(SchoolClassFactory.create())
content = b"%PDF-1.4\\n" + os.urandom(SIZE - 9)
document = upload(teacher, SimpleUploadedFile("bench.pdf", content))
session = SessionStore()
session["_auth_user_id"] = str(teacher.pk)
from django.conf import settings
session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
session["_auth_user_hash"] = teacher.get_session_auth_hash()
session.create()
print(json.dumps({"document": document.pk, "session": session.session_key,
                  "key": document.current.file.key}))
"""


def prepare(var: Path) -> dict[str, object]:
    env = django_env(var)
    python = str(ROOT / ".venv/bin/python")
    subprocess.run(  # noqa: S603
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    out = subprocess.run(  # noqa: S603
        [python, "-c", f"SIZE={SIZE}\n" + SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    client_max_body_size 50m;
    upstream preau {{ server 127.0.0.1:{app}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{port};
        location /ref/ {{ alias {tmp}/ref/; }}
        location /_preau_files/ {{ internal; alias {files}/; }}
        location / {{
            proxy_pass http://preau;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_request_buffering on;
        }}
    }}
}}
"""


def start_granian(var: Path, port: int, workers: int, accel: bool) -> subprocess.Popen[bytes]:
    env = django_env(var)
    if not accel:
        env["PREAU_X_ACCEL_REDIRECT_PREFIX"] = ""
    process = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            "5",
            "--backpressure",
            "5",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_port(port)
    return process


def start_nginx(var: Path, tmp: Path, key: str, app: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    (tmp / "ref").mkdir()
    shutil.copy(var / "media" / "files" / key, tmp / "ref" / "same.pdf")
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, app=app, port=port, files=var / "media" / "files"))
    nginx = subprocess.Popen(  # noqa: S603
        ["/usr/sbin/nginx", "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_port(port)
    return nginx, port


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=20)


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


def load(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None,
    clients: int,
    seconds: float,
    warmup: float = 2.0,
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = [0]
    moved = [0]
    statuses: set[int] = set()
    lock = threading.Lock()
    start = time.monotonic()
    measure_from = start + warmup
    stop_at = measure_from + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (now := time.monotonic()) < stop_at:
            sent = time.monotonic()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                size = 0
                while chunk := response.read(1 << 20):
                    size += len(chunk)
                ok = response.status in (200, 201)
                if not ok:
                    statuses.add(response.status)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok, size = False, 0
            done = time.monotonic()
            if now >= measure_from and done <= stop_at:
                with lock:
                    if ok:
                        latencies.append(done - sent)
                        moved[0] += size if method == "GET" else len(body or b"")
                    else:
                        errors[0] += 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def pct(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0
        )

    return {
        "requests": len(latencies),
        "errors": errors[0],
        "error_statuses": sorted(statuses),
        "req_s": len(latencies) / seconds,
        "mb_s": moved[0] / seconds / 1e6,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else 0,
    }


def streamed_download_peak(var: Path, megabytes: int = 200) -> dict[str, float]:
    """Peak Python allocations while a 200 MB document is served by Préau's streaming path."""
    os.environ.update(django_env(var))
    os.environ["PREAU_X_ACCEL_REDIRECT_PREFIX"] = ""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import RequestFactory

    from preau.storage.downloads import file_response
    from preau.storage.models import StoredFile

    stored = StoredFile.objects.order_by("pk").first()
    assert stored is not None
    big = var / "media" / "files" / "bench-big.bin"
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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="preau-bench-s8-"))
    var = tmp / "var"
    (var / "media" / "files").mkdir(parents=True)
    for folder in (tmp, var, var / "media", var / "media" / "files"):
        folder.chmod(0o755)  # nginx's worker user reads the reference and the stored files
    processes: list[subprocess.Popen[bytes]] = []
    try:
        info = prepare(var)
        app = free_port()
        granian = start_granian(var, app, args.workers, accel=True)
        processes.append(granian)
        nginx, port = start_nginx(var, tmp, str(info["key"]), app)
        processes.append(nginx)
        cookie = {"Cookie": f"preau_session={info['session']}; csrftoken={'c' * 32}"}
        content = f"/api/v1/documents/{info['document']}/content"
        upload_body = multipart(csv_like(SIZE))
        upload_headers = {
            **cookie,
            "X-CSRFToken": "c" * 32,
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Referer": f"http://127.0.0.1:{port}/",
        }
        results: dict[str, Any] = {
            "ref": load(port, "GET", "/ref/same.pdf", {}, None, args.clients, args.seconds),
            "accel": load(port, "GET", content, cookie, None, args.clients, args.seconds),
            "upload": load(
                port,
                "POST",
                "/api/v1/documents",
                upload_headers,
                upload_body,
                args.clients,
                args.seconds,
            ),
        }
        stop(granian)
        processes.remove(granian)
        streaming = start_granian(var, app, args.workers, accel=False)
        processes.append(streaming)
        results["stream"] = load(app, "GET", content, cookie, None, args.clients, args.seconds)
    finally:
        for process in processes:
            stop(process)
    results["memory"] = streamed_download_peak(var)
    ref = results["ref"]["mb_s"] or 1
    results["ratios"] = {
        "accel_vs_nginx": results["accel"]["mb_s"] / ref,
        "stream_vs_nginx": results["stream"]["mb_s"] / ref,
    }
    results["setup"] = {
        "clients": args.clients,
        "seconds": args.seconds,
        "granian_workers": args.workers,
        "nginx_workers": 1,
        "cores": os.cpu_count(),
        "database": "PostgreSQL"
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "SQLite",
        "generator": "Python threads on the same cores",
        "run": uuid.uuid4().hex[:8],
    }
    print(json.dumps(results, indent=2))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
