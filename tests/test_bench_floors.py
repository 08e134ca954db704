"""The floors the bench measures beside S3 and S8 (ADR 0072): what every signed-in request costs
before its own work, so that each ratio goal is read against the most it could reach."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bench import cpu
from bench.files import s8
from bench.web import Recorder
from preau.ops.views import BENCH_FILE


def _download(mb_s: float) -> dict[str, Any]:
    usage = cpu.Usage(10, 1.0, {"app": 2.0, "nginx": 1.5}, 1.9, 1.9)
    return {"mb_s": mb_s, "p95_ms": 40.0, "errors": 0, "cpu": asdict(usage)}


def test_bench_s8_hands_nginx_the_file_the_floor_view_names():
    assert BENCH_FILE.key == s8.FLOOR_KEY


def test_bench_s8_reports_the_floor_against_the_same_static_reference():
    result = {
        "ref": _download(2000.0),
        "floor": _download(1500.0),
        "accel": _download(1300.0),
        "stream": _download(1000.0),
        "upload": {**_download(200.0), "p50_ms": 200.0, "p99_ms": 500.0},
    }
    rec = Recorder("small")

    s8.s8_records(rec, result)

    rows = {(r["scenario"], r["metric"]): r for r in rec.records}
    floor = rows[("S8_download_signed_in_floor", "throughput")]
    accel = rows[("S8_download_x_accel", "throughput")]
    assert floor["ratio"] == 0.75 and floor["met"] is None
    assert accel["ratio"] == 0.65 and accel["met"] is False
    assert ("S8_download_signed_in_floor", "cpu_ms_app") in rows


def test_bench_reports_the_signed_in_floor_against_the_minimal_view():
    from bench.loadgen import Result
    from bench.scenarios import Measure
    from bench.web import _floor_records

    def measured(max_rps: float) -> Measure:
        return Measure(max_rps, 0.7 * max_rps, 2.0, 5.0, 9.0, 0, Result())

    rec = Recorder("small")

    _floor_records(rec, measured(1800.0), measured(4000.0))

    rows = {(r["scenario"], r["metric"]): r for r in rec.records}
    floor = rows[("ref_django_signed_in_view", "throughput_max")]
    assert floor["ratio"] == 0.45 and floor["reference"] == "minimal Django view"
    assert ("ref_django_signed_in_view", "errors") not in rows  # a ceiling, not a page with goals
