"""deploy/'s examples agree with one another, as an operator copying them expects (ADR 0074):
one app process per port, one nginx `server` line per process, each admitting its threads."""

import re
from pathlib import Path

from bench.topology import production_settings

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, pattern
    return int(found.group(1))


def upstream_max_conns() -> list[int]:
    """max_conns of each app process in deploy/nginx/preau.conf's upstream block."""
    site = (DEPLOY / "nginx" / "preau.conf").read_text(encoding="utf-8")
    block = site[site.index("upstream preau_app {") :]
    block = block[: block.index("}")]
    lines = re.findall(r"^\s*server 127\.0\.0\.1:\d+ (.*);", block, flags=re.MULTILINE)
    return [number(r"max_conns=(\d+)", line) for line in lines]


def test_each_app_process_has_its_own_port_and_one_worker():
    unit = (DEPLOY / "systemd" / "preau-web@.service").read_text(encoding="utf-8")
    assert re.search(r"--workers 1 ", unit)
    assert len(upstream_max_conns()) == int(production_settings()["WEB_PROCESSES"])


def test_nginx_admits_as_many_requests_per_process_as_it_has_threads():
    settings = production_settings()
    threads = int(settings["WEB_THREADS"])
    assert upstream_max_conns() and all(n == threads for n in upstream_max_conns())
    assert int(settings["PREAU_MAX_CONCURRENT_REQUESTS"]) < threads


def test_the_anonymous_share_is_three_quarters_of_what_the_processes_admit():
    proxy = (DEPLOY / "nginx" / "preau-proxy.conf").read_text(encoding="utf-8")
    anonymous = number(r"limit_conn preau_anonymous (\d+);", proxy)
    assert anonymous == sum(upstream_max_conns()) * 3 // 4
