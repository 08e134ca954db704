"""The floors the bench measures beside S3 and S8 (ADR 0072): what every signed-in request costs
before its own work, so that each ratio goal is read against the most it could reach."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from bench import cpu
from bench.files import s8
from bench.recorder import Recorder
from preau.core.testing.postgres import database_conninfo
from preau.directory.factories import UserFactory
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


def test_bench_reports_s4_against_the_same_rows_written_beside_the_home_load():
    from bench.broadcasts import _floor_records

    rec = Recorder("small")

    _floor_records(rec, "S4", 75.0, {"rate": 250.0, "p95_ms": 20.0}, 300.0)

    rows = {(r["scenario"], r["metric"]): r for r in rec.records}
    floor = rows[("ref_class_send_sql_beside_home", "sends_per_s")]
    assert floor["value"] == 250.0 and floor["reference_value"] == 300.0
    assert rows[("S4", "sends_per_s_vs_floor")]["ratio"] == 0.3


@pytest.mark.parametrize(("sends", "met"), [(120.0, False), (200.0, True)])
def test_bench_judges_s4_in_recipient_rows_as_performance_md_gives_them(sends, met):
    from bench.broadcasts import _rows_record

    rec = Recorder("small")

    _rows_record(rec, "S4", sends, 47.5, 300.0)

    [rows] = rec.records
    assert rows["metric"] == "recipient_rows_per_s" and rows["value"] == sends * 47.5
    assert rows["reference_value"] == 300.0 * 47.5
    assert rows["ratio"] == pytest.approx(sends / 300.0, abs=1e-3)
    assert rows["met"] is met


@pytest.mark.django_db(transaction=True)
def test_bench_s4_reference_writes_one_send_per_transaction_and_counts_its_cpu():
    from bench.broadcasts import replay_sends
    from preau.messaging.models import Message

    url = database_conninfo()
    teacher, *parents = UserFactory.create_batch(3)

    rate, latencies, usage = replay_sends(url, [(teacher.pk, [p.pk for p in parents])], 0.3)

    assert rate > 0 and len(latencies) == Message.objects.filter(sender=teacher).count()
    assert usage.requests == len(latencies) and usage.ms_per_request["generator"] > 0


@pytest.mark.django_db(transaction=True)
def test_bench_send_replay_writes_whole_sends_from_several_connections():
    from bench.send_replay import replay
    from preau.messaging.models import Delivery, Message
    from preau.timeline.models import FeedEntry

    url = database_conninfo()
    teacher, *parents = UserFactory.create_batch(4)

    done = replay(url, [[teacher.pk, [p.pk for p in parents]]], connections=2, seconds=0.3)

    sends = int(done["sends"])
    assert sends > 0 and done["rate"] > 0 and done["p95_ms"] > 0
    assert Message.objects.filter(sender=teacher).count() == sends
    assert Delivery.objects.count() == sends * 4  # the sender's copy and three parents'
    assert FeedEntry.objects.count() == sends * 3
