"""The bench says where each scenario's CPU went, by process, and how busy the machine was."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from bench import cpu, report
from bench.loadgen import Client
from bench.scenarios import Settings, get, measure
from tests.fake_site import post_get_site, run_in_thread

TICKS = os.sysconf("SC_CLK_TCK")
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


@pytest.mark.parametrize(
    ("comm", "cmdline", "expected"),
    [
        ("postgres", "postgres: preau preau 127.0.0.1(5432) idle", "postgresql"),
        ("postgres", "postgres: walwriter ", "postgresql_background"),
        ("postgres", "postgres: autovacuum worker preau", "postgresql_background"),
        ("postgres", "/usr/lib/postgresql/15/bin/postgres -D data", "postgresql_background"),
        ("nginx", "nginx: worker process", "nginx"),
        ("redis-server", "/usr/bin/redis-server 127.0.0.1:6390", "redis"),
        ("python", ".venv/bin/python manage.py db_worker --queue-name default", "worker"),
        ("granian", ".venv/bin/granian --interface wsgi config.wsgi:application", "app"),
        ("gunicorn", ".venv/bin/gunicorn config.wsgi:application", "app"),
        ("ksoftirqd/0", "", "kernel"),
        ("bash", "bash", "other"),
    ],
)
def test_each_process_gets_the_part_it_plays(comm, cmdline, expected):
    assert cpu.role(comm, cmdline, pid=42, own_pid=7) == expected


def test_the_process_that_samples_is_the_load_generator():
    assert cpu.role("python", "python -m bench.run", pid=7, own_pid=7) == "generator"


def _fake_proc(root: Path, processes: dict[int, tuple[str, str, int, int]], busy: int, at: float):
    """A /proc with `processes` (pid → comm, cmdline, utime, stime in ticks) and a machine whose
    cores were busy `busy` ticks (user) so far."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "stat").write_text(f"cpu  {busy} 0 0 999999 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n")
    (root / "uptime").write_text(f"{at:.2f} 1000.00\n")
    for pid, (comm, cmdline, utime, stime) in processes.items():
        folder = root / str(pid)
        folder.mkdir(exist_ok=True)
        rest = " ".join(["0"] * 10 + [str(utime), str(stime)] + ["0"] * 8)
        (folder / "stat").write_text(f"{pid} ({comm}) S {rest}\n")
        (folder / "cmdline").write_bytes(cmdline.replace(" ", "\0").encode())
    (root / "self").mkdir(exist_ok=True)  # not a process: skipped


def test_a_phase_s_cpu_is_split_by_role_per_request_and_the_rest_is_others(tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    app = ("granian", "granian --interface wsgi", 0)
    _fake_proc(
        before,
        {
            10: (*app[:2], 100, 0),
            20: ("postgres", "postgres: preau", 10, 0),
            7: ("python", "x", 5, 0),
        },
        busy=1000,
        at=100.0,
    )
    # 10 s later: the app spent 1 s (user + system), PostgreSQL 0.5 s, a new worker 0.25 s,
    # the generator 0.5 s; the machine's cores 3 s in all (0.75 s of it nobody's here).
    _fake_proc(
        after,
        {
            10: (*app[:2], 150, 50),
            20: ("postgres", "postgres: preau", 60, 0),
            30: ("python", "manage.py db_worker", 20, 5),
            7: ("python", "x", 55, 0),
        },
        busy=1000 + 3 * TICKS,
        at=110.0,
    )
    first = cpu.sample(before, own_pid=7)
    second = cpu.sample(after, own_pid=7)
    used = cpu.usage(first, second, requests=500)

    assert used.ms_per_request["app"] == pytest.approx(2.0)
    assert used.ms_per_request["postgresql"] == pytest.approx(1.0)
    assert used.ms_per_request["worker"] == pytest.approx(0.5)
    assert used.ms_per_request["generator"] == pytest.approx(1.0)
    assert used.ms_total == pytest.approx(4.5)
    assert used.cores_busy == pytest.approx(0.3)
    assert used.cores_ours == pytest.approx(0.225)
    assert used.cores_others == pytest.approx(0.075)


def test_slices_of_the_same_load_combine_weighted_by_their_requests():
    one = cpu.Usage(100, 5.0, dict.fromkeys(cpu.ROLES, 0.0) | {"app": 2.0}, 2.0, 1.5)
    two = cpu.Usage(300, 5.0, dict.fromkeys(cpu.ROLES, 0.0) | {"app": 1.0}, 1.0, 1.0)
    both = cpu.combine([one, two])
    assert both.requests == 400
    assert both.ms_per_request["app"] == pytest.approx(1.25)
    assert both.cores_busy == pytest.approx(1.5)
    assert both.cores_others == pytest.approx(0.25)


def test_this_process_s_own_cpu_is_found_on_the_real_machine():
    first = cpu.sample()
    spent = time.process_time()
    deadline = spent + 0.3
    while time.process_time() < deadline:
        sum(range(1000))
    spent = time.process_time() - spent
    used = cpu.usage(first, cpu.sample(), requests=1)
    assert used.ms_per_request["generator"] == pytest.approx(spent * 1000, abs=30)
    assert used.cores_busy > 0


def test_a_measure_records_where_its_closed_loop_s_cpu_went():
    settings = Settings(
        warm=0.1, seconds=0.3, concurrency=2, overload_seconds=0, think_seconds=30,
        max_open_rate=200,
    )  # fmt: skip

    async def run():
        server = await asyncio.start_server(post_get_site(ANSWER, ANSWER), "127.0.0.1", 0)
        client = Client("127.0.0.1", server.sockets[0].getsockname()[1])
        found = await measure(client, lambda i: get("/"), settings)
        client.close()
        server.close()
        return found

    found = run_in_thread(run())
    assert found.cpu is not None and found.cpu_open is not None
    assert found.cpu.requests == found.peak.ok_count() > 0
    # The fake site runs in this process: everything it and the generator did is "generator".
    assert found.cpu.ms_per_request["generator"] > 0
    assert found.cpu.ms_total >= found.cpu.ms_per_request["generator"]


def test_the_report_shows_the_cpu_rows_as_one_table_apart():
    rows = [
        report.record("S3_home", "throughput_max", 820.0, "req/s", scale="small"),
        report.record("S3_home", "cpu_ms_app", 1.32, "ms/request", scale="small"),
        report.record("S3_home", "cpu_ms_postgresql", 0.31, "ms/request", scale="small"),
        report.record("S3_home", "cpu_ms_total", 1.9, "ms/request", scale="small"),
        report.record("S3_home", "cores_busy_peak", 1.97, "cores", scale="small"),
        report.record("S3_home", "cores_others_peak", 0.12, "cores", scale="small"),
    ]
    text = report._markdown(rows, "small", [], [])
    main, _, cpu_part = text.partition("## Où va le CPU")
    assert "| S3_home | throughput_max | 820 |" in main
    assert "cpu_ms_app" not in main and "cores_busy_peak" not in main
    assert (
        "| S3_home | 1.32 | 0.31 | — | — | — | — | — | — | — | 1.9 | 1.97 | 0.12 | — |" in cpu_part
    )
