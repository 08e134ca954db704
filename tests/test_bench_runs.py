"""performance.md §1: every loop is measured several times and the median run is reported."""

from __future__ import annotations

import asyncio

import pytest

from bench.loadgen import Client
from bench.recorder import Recorder
from bench.scenarios import Settings, get, measure, median_index
from tests.fake_site import run_in_thread, site_answering

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
REFUSED = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\nRetry-After: 1\r\n\r\nno"


def _answer(head: bytes) -> bytes:
    """200 for every GET but `/refused`, answered 503."""
    return REFUSED if head.startswith(b"GET /refused ") else OK


def _measured(runs: int):
    settings = Settings(
        warm=0.1, seconds=0.4, concurrency=2, overload_seconds=0, think_seconds=30,
        max_open_rate=200, runs=runs,
    )  # fmt: skip

    def pick(i: int):
        return get("/refused" if i % 10 == 0 else "/")

    async def run():
        server = await asyncio.start_server(site_answering(_answer), "127.0.0.1", 0)
        client = Client("127.0.0.1", server.sockets[0].getsockname()[1])
        found = await measure(client, pick, settings)
        client.close()
        server.close()
        return found

    return run_in_thread(run())


def test_the_median_run_is_the_middle_one_whatever_the_order():
    assert median_index([30.0, 10.0, 20.0]) == 2  # 20.0
    assert median_index([5.0]) == 0
    assert median_index([4.0, 1.0]) == 1  # 1.0, the lower middle of an even count


def test_a_measure_keeps_the_median_of_three_closed_and_open_loop_runs():
    found = _measured(runs=3)

    assert len(found.maxima) == 3 and len(found.p95s) == 3
    assert found.max_rps == sorted(found.maxima)[1]
    assert found.peak is not None and found.peak.ok_throughput() == found.max_rps
    assert found.p95 == pytest.approx(sorted(found.p95s)[1])


def test_refusals_of_every_open_loop_run_count_not_only_the_median_one_s():
    found = _measured(runs=3)

    kept_run_refusals = sum(1 for x in found.result.samples if not x.ok)
    assert found.errors == len(found.failed) == sum(found.refusals) > kept_run_refusals > 0
    assert "503×" in found.error_statuses()


def test_the_report_lists_every_run_and_their_spread_and_one_run_has_none():
    rec = Recorder("small")
    found = _measured(runs=3)

    rec.runs("S3_home", found)
    rec.runs("S3_alone", _measured(runs=1))

    [row] = rec.records
    assert row["scenario"] == "S3_home" and row["metric"] == "throughput_max_spread"
    low, high = min(found.maxima), max(found.maxima)
    assert row["value"] == pytest.approx(100 * (high - low) / found.max_rps, abs=0.01)
    assert row["reference"].startswith("3 runs, median kept: max ")
    assert row["reference"].endswith("unexpected answers " + " / ".join(map(str, found.refusals)))
