"""Prometheus metrics: requests by view and status, latency, shed requests, task queue.

One process: the metrics live in this module's registry. Several granian workers: set
`PROMETHEUS_MULTIPROC_DIR` to an empty directory writable by every worker (wiped at each start,
see deploy/systemd/preau-web@.service); each process then writes its samples there and `/metrics`
aggregates them whichever worker answers. Task figures are read from the database queue at
scrape time (one grouped query), so they are the same from every process and include the
separate `db_worker` processes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

__all__ = ["CONTENT_TYPE_LATEST", "render_metrics"]

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "preau_http_requests",
    "HTTP requests answered, by view name, method and status code.",
    ["view", "method", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "preau_http_request_duration_seconds",
    "Time spent answering a request inside Django, by view name.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
SHED = Counter(
    "preau_http_requests_shed",
    "Requests refused with 503 by the overload protection, by reason.",
    ["reason"],
    registry=REGISTRY,
)
IN_FLIGHT = Gauge(
    "preau_http_requests_in_flight",
    "Requests being answered right now (summed over the processes).",
    registry=REGISTRY,
    multiprocess_mode="livesum",
)


class TaskQueueCollector(Collector):
    """Queue depth and failures of the database task queue, read at scrape time."""

    def collect(self) -> Iterator[Metric]:
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.values_list("queue_name", "status").annotate(n=Count("pk"))
        by_status: dict[str, dict[str, int]] = {}
        for queue, status, count in rows:
            by_status.setdefault(status, {})[queue] = count
        yield _gauge(
            "preau_task_queue_depth",
            "Tasks waiting to run (status READY), by queue.",
            by_status.get("READY", {}),
        )
        yield _gauge(
            "preau_tasks_running", "Tasks running now, by queue.", by_status.get("RUNNING", {})
        )
        yield _gauge(
            "preau_tasks_failed",
            "Failed task results kept in the queue table, by queue.",
            by_status.get("FAILED", {}),
        )


def _gauge(name: str, documentation: str, values: dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=["queue"])
    for queue, count in sorted(values.items()):
        family.add_metric([queue], count)
    return family


def _request_collectors() -> Iterable[CollectorRegistry]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        aggregated = CollectorRegistry()
        MultiProcessCollector(aggregated)
        return [aggregated]
    return [REGISTRY]


def render_metrics() -> bytes:
    """The whole exposition: request metrics (this process or all of them) then the queue."""
    tasks = CollectorRegistry()
    tasks.register(TaskQueueCollector())
    parts = [generate_latest(registry) for registry in _request_collectors()]
    parts.append(generate_latest(tasks))
    return b"".join(parts)
