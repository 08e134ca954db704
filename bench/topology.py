"""Starts the production topology on loopback: granian app processes behind a generated nginx.

Used by the benchmark (`bench/run.py`) and by the CI topology test (`scripts/ci_topology.py`).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


DEPLOY_NGINX = ROOT / "deploy" / "nginx"

# The production site (deploy/nginx/preau.conf) on loopback without TLS: the same overload zones
# (preau-overload.conf), refusal pages (preau-shed.conf) and proxy settings and limits
# (preau-proxy.conf), included from deploy/nginx/ (ADR 0045); only the numbers sized to the app
# threads are this topology's own (`max_conns` per app process, the anonymous limit). No
# per-address limit at server level and no limit on /static-bench/: the generator is one address
# standing for many clients, and the static file is a reference.
NGINX_CONF = """
worker_processes {workers};
pid {state}/nginx.pid;
error_log {state}/nginx-error.log warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {state}/body; proxy_temp_path {state}/proxy;
    fastcgi_temp_path {state}/fastcgi; uwsgi_temp_path {state}/uwsgi; scgi_temp_path {state}/scgi;
    include {deploy}/preau-overload.conf;
{extra_http}
    upstream preau_app {{
        zone preau_app 64k;
        least_conn;
{servers}
        keepalive 64;
    }}
{live_upstream}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        include {deploy}/preau-shed.conf;
        location /static-bench/ {{ alias {state}/static/; }}
        location /api/ {{
            error_page 502 503 =503 @preau_overloaded_api;
            include {state}/preau-proxy.conf;
        }}
{extra_server}
{live_location}
        location / {{
            include {state}/preau-proxy.conf;
        }}
    }}
}}
"""


# The live badge's stream goes to the ASGI live process, as in deploy/nginx/preau.conf.
LIVE_UPSTREAM = """    upstream preau_live {{
        server 127.0.0.1:{port};
        keepalive 16;
    }}"""
LIVE_LOCATION = """        location = /fil/direct/ {{
            include {deploy}/preau-live.conf;
        }}"""


def proxy_snippet(app_threads: int) -> str:
    """deploy/nginx/preau-proxy.conf, its anonymous limit at 3/4 of this topology's max_conns."""
    text = (DEPLOY_NGINX / "preau-proxy.conf").read_text(encoding="utf-8")
    anonymous = max(1, app_threads * 3 // 4)
    text = re.sub(
        r"limit_conn preau_anonymous \d+;", f"limit_conn preau_anonymous {anonymous};", text
    )
    # One generator address stands for thousands of clients: no per-address ceiling.
    return re.sub(r"limit_conn preau_conn \d+;", "limit_conn preau_conn 60000;", text)


# Settings of deploy/preau.env.example that shape the app server and its overload protection: the
# benchmark runs with them unless BENCH_WEB_PROCESSES / BENCH_WEB_THREADS say otherwise.
PRODUCTION_KEYS = (
    "DATABASE_POOL",
    "WEB_PROCESSES",
    "WEB_THREADS",
    "PREAU_MAX_CONCURRENT_REQUESTS",
    "PREAU_MAX_CONCURRENT_ANONYMOUS_REQUESTS",
    "PREAU_MAX_QUEUE_WAIT_MS",
    "PREAU_CONCURRENCY_WAIT_MS",
    "PREAU_OVERLOAD_RETRY_AFTER_SECONDS",
)


def production_settings() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (ROOT / "deploy" / "preau.env.example").read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key in PRODUCTION_KEYS:
            found[key] = value.strip()
    return found


@dataclass
class Topology:
    state: Path
    env: dict[str, str]
    app_ports: list[int] = field(default_factory=list)
    app_threads: dict[int, int] = field(default_factory=dict)  # port → requests it admits at once
    nginx_port: int = 0
    live_port: int = 0  # the ASGI live process, when started
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start_app(
        self, name: str, workers: int = 2, threads: int = 4, server: str = "granian"
    ) -> int:
        """One app process on a free loopback port: granian (threads per worker) or gunicorn
        (sync workers, for the comparison of ADR 0016)."""
        port = free_port()
        if server == "gunicorn":
            command = [
                str(VENV_BIN / "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--graceful-timeout",
                "5",
                "config.wsgi:application",
            ]
        else:
            command = [
                str(VENV_BIN / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--blocking-threads",
                str(threads),
                "--workers-kill-timeout",
                "5",
                "config.wsgi:application",
            ]
        # WEB_WORKERS, as scripts/run.sh passes it: without WEB_PROCESSES (start_apps), the
        # settings size the password-hash slots from it (PREAU_PASSWORD_HASH_CONCURRENCY, ADR 0056).
        self.spawn(name, command, {"WEB_WORKERS": str(workers)})
        self.app_ports.append(port)
        # nginx's max_conns for it (deploy/nginx/preau.conf): what the app admits at once, or,
        # when the app holds the excess for a slot (PREAU_CONCURRENCY_WAIT_MS), its threads.
        admitted = int(self.env.get("PREAU_MAX_CONCURRENT_REQUESTS") or threads)
        if int(self.env.get("PREAU_CONCURRENCY_WAIT_MS") or 0) > 0:
            admitted = threads
        self.app_threads[port] = (
            workers if server == "gunicorn" else workers * min(threads, admitted)
        )
        wait_for_port(port)
        return port

    def start_apps(self, name: str, processes: int, threads: int) -> list[int]:
        """`processes` app processes of one granian worker each, each on its own port, as
        production runs its preau-web@ instances: nginx balances every request between them
        (ADR 0074). Their settings know how many share the cores (the password-hash slots)."""
        self.env = {**self.env, "WEB_PROCESSES": str(processes)}
        return [self.start_app(f"{name}{i}", workers=1, threads=threads) for i in range(processes)]

    def stop_apps(self, name: str) -> None:
        """Stops the processes `start_apps(name, …)` started."""
        for started in [n for n in self.processes if n.removeprefix(name).isdigit()]:
            self.stop(started)

    def start_live(self) -> int:
        """The ASGI live process (deploy/systemd/preau-live.service): the badge's event stream."""
        port = free_port()
        # asginl: ASGI without lifespan events, which Django does not handle.
        granian = [str(VENV_BIN / "granian"), "--interface", "asginl", "--host", "127.0.0.1"]
        self.spawn(
            "live", [*granian, "--port", str(port), "--workers", "1", "config.asgi:application"]
        )
        self.live_port = port
        wait_for_port(port)
        return port

    def start_worker(self) -> None:
        worker = ["manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.2"]
        self.spawn("worker", [str(VENV_BIN / "python"), *worker])

    def spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        """Starts `command` from the project's root, its output in `<state>/<name>.log`."""
        log = (self.state / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_nginx(
        self, workers: int = 1, admission: bool = True, extra_http: str = "", extra_server: str = ""
    ) -> int:
        """nginx in front of the app processes; `/static-bench/` serves `state/static/` (the
        static references). `admission=False` leaves out `max_conns` (a failover test wants every
        request queued on the surviving process, not shed). `extra_*`: more directives for the
        http and server blocks."""
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.state.chmod(0o755)  # nginx workers run as an unprivileged user
        (self.state / "static").mkdir(mode=0o755, exist_ok=True)
        (self.state / "static" / "1k.txt").write_bytes(b"x" * 1024)
        self.nginx_port = free_port()
        servers = "\n".join(
            f"        server 127.0.0.1:{p}"
            + (f" max_conns={self.app_threads[p]};" if admission else ";")
            for p in self.app_ports
        )
        (self.state / "preau-proxy.conf").write_text(proxy_snippet(sum(self.app_threads.values())))
        conf = NGINX_CONF.format(
            workers=workers,
            state=self.state,
            servers=servers,
            port=self.nginx_port,
            deploy=DEPLOY_NGINX,
            extra_http=extra_http,
            extra_server=extra_server,
            live_upstream=LIVE_UPSTREAM.format(port=self.live_port) if self.live_port else "",
            live_location=LIVE_LOCATION.format(deploy=DEPLOY_NGINX) if self.live_port else "",
        )
        (self.state / "nginx.conf").write_text(conf)
        log = (self.state / "nginx.log").open("wb")
        self.processes["nginx"] = subprocess.Popen(  # noqa: S603
            [nginx, "-c", str(self.state / "nginx.conf"), "-p", str(self.state)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.nginx_port)
        return self.nginx_port

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


def app_environment(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """Production settings on loopback, over plain HTTP."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        PREAU_ENV="production",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        STATIC_MANIFEST="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        LOG_LEVEL="WARNING",
        PREAU_ACCESS_LOG="false",
        # The pool production runs (deploy/preau.env.example), whatever the calling process
        # chose for itself: bench/run.py turns it off for its own single-threaded connection,
        # and app processes inheriting that opened a PostgreSQL connection per request.
        DATABASE_POOL=production_settings().get("DATABASE_POOL", "true"),
    )
    env.update(extra)
    return env
