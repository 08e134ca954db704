"""CPU per authenticated home page, in-process: `python -m bench.home_cpu` (ADR 0054).

The HTTP benchmark (S3) says how many pages per second the whole topology serves; this says what
one page costs Django, so that each change to the hot path is measured on its own. Requests go
through Django's `WSGIHandler` (the full middleware stack, as granian calls it) with a browser's
cookies (session and CSRF), one thread, after a warm-up. The same-run reference is the minimal
view (`/_bench/ping`, same middleware). Printed per request: CPU of this process (Python, the
database and Redis clients) and wall time (which adds the servers' time, since nothing overlaps).

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python -m bench.home_cpu
    … -m bench.home_cpu --requests 3000 --accounts parent,enseignant --profile 30

A throw-away test database (`test_<name>`, or SQLite in memory) is created, migrated and loaded
with the demo académie, then dropped. `--no-page-cache` serves every page by rendering it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any


def _environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("PREAU_ENV", "development")  # the demo refuses production
    os.environ["DEBUG"] = "false"
    os.environ["PREAU_BENCH_ENDPOINTS"] = "true"
    os.environ["PREAU_ACCESS_LOG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per page")
    parser.add_argument("--warm", type=int, default=300, help="unmeasured requests first")
    parser.add_argument("--accounts", default="parent", help="demo accounts, comma-separated")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--no-page-cache", action="store_true", help="render every home page")
    parser.add_argument("--keepdb", action="store_true", help="keep the test database")
    return parser.parse_args()


class Browser:
    """Cookies kept across requests, as a browser keeps them, over Django's WSGI handler."""

    def __init__(self, handler: Any, cookies: dict[str, str]) -> None:
        self.handler = handler
        self.cookies = dict(cookies)

    def get(self, path: str) -> tuple[int, bytes]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "localhost",
            "HTTP_COOKIE": cookie,
            "HTTP_ACCEPT": "text/html",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status: list[str] = []
        headers: list[tuple[str, str]] = []

        def start_response(line: str, sent: list[tuple[str, str]], *_: Any) -> None:
            status.append(line)
            headers.extend(sent)

        response = self.handler(environ, start_response)
        body = b"".join(response)
        response.close()  # request_finished: connections back to the pool, as in production
        for name, value in headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return int(status[0].split()[0]), body


def _browsers(handler: Any, accounts: list[str]) -> list[Browser]:
    from django.conf import settings
    from django.test import Client

    from preau.accounts.models import User

    browsers = []
    for account in accounts:
        client = Client()
        client.force_login(User.objects.get(login=f"demo.{account}"))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        browser = Browser(handler, {settings.SESSION_COOKIE_NAME: session})
        status, body = browser.get("/")  # the first visit sets the CSRF cookie
        if status != 200 or b"Bonjour" not in body:
            raise SystemExit(f"home_cpu: the home page of demo.{account} answered {status}")
        browsers.append(browser)
    return browsers


def _timed(get: Callable[[int], tuple[int, bytes]], warm: int, count: int) -> tuple[float, float]:
    """(CPU ms, wall ms) per request."""
    for i in range(warm):
        get(i)
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(count):
        status, _ = get(i)
        if status != 200:
            raise SystemExit(f"home_cpu: answer {status}")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu * 1000 / count, wall * 1000 / count


def _profile(get: Callable[[int], tuple[int, bytes]], count: int, top: int) -> None:
    profiler = cProfile.Profile(time.process_time)  # CPU, not the waits for the servers
    profiler.enable()
    for i in range(count):
        get(i)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


def main() -> None:
    _environment()
    args = _arguments()
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from preau.directory.demo import seed_demo
    from preau.news.demo import seed_news_demo

    settings.PREAU_HOME_PAGE_CACHE = not args.no_page_cache
    test_name = connection.creation.create_test_db(verbosity=0, keepdb=args.keepdb)
    try:
        seed_demo()
        seed_news_demo()
        cache.clear()
        handler = WSGIHandler()
        browsers = _browsers(handler, args.accounts.split(","))
        anonymous = Browser(handler, {})

        def home(i: int) -> tuple[int, bytes]:
            return browsers[i % len(browsers)].get("/")

        def ping(i: int) -> tuple[int, bytes]:
            return anonymous.get("/_bench/ping")

        ping_cpu, ping_wall = _timed(ping, args.warm, args.requests)
        home_cpu, home_wall = _timed(home, args.warm, args.requests)
        print(f"database: {connection.vendor}, cache: {settings.CACHES['default']['BACKEND']}")
        print(f"page cache: {'off' if args.no_page_cache else 'on'}, accounts: {args.accounts}")
        print(f"minimal view: {ping_cpu:.3f} ms CPU, {ping_wall:.3f} ms wall per request")
        print(f"home page:    {home_cpu:.3f} ms CPU, {home_wall:.3f} ms wall per request")
        print(f"ratio (minimal view CPU / home CPU): {ping_cpu / home_cpu:.3f}")
        sizes = [len(browser.get("/")[1]) for browser in browsers]
        print(f"home page size: {', '.join(f'{size:,} bytes' for size in sizes)}")
        if args.profile:
            _profile(home, args.requests, args.profile)
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0, keepdb=args.keepdb)


if __name__ == "__main__":
    main()
