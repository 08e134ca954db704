"""What a benchmark pass records: one row per figure (bench/report.py writes them), with the
helpers that turn a `Measure` into its rows (latencies, runs, where the CPU went)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench import cpu, report
from bench.scenarios import Measure


@dataclass
class Recorder:
    scale: str
    records: list[dict[str, Any]] = field(default_factory=list)
    percentiles: dict[str, dict[str, float]] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    sql_pages: float = 0.0

    def add(self, scenario: str, metric: str, value: float, unit: str, **kw: Any) -> None:
        self.records.append(report.record(scenario, metric, value, unit, scale=self.scale, **kw))

    def latency(self, name: str, m: Measure, goal95: str = "", ok95: bool | None = None) -> None:
        self.percentiles[name] = {"p50": m.p50, "p95": m.p95, "p99": m.p99}
        self.add(name, "open_loop_rate", m.rate, "req/s", goal="70 % of the closed-loop max")
        for q in ("p50", "p95", "p99"):
            self.add(
                name,
                f"latency_{q}",
                getattr(m, q),
                "ms",
                goal=goal95 if q == "p95" else "",
                met=ok95 if q == "p95" else None,
            )
        seen = f" (seen: {m.error_statuses()})" if m.errors else ""
        self.add(name, "errors", m.errors, "requests", goal=f"0{seen}", met=m.errors == 0)
        self.runs(name, m)
        self.cpu(name, m.cpu, m.cpu_open)

    def runs(self, name: str, m: Measure) -> None:
        """How far apart the runs were (performance.md §1: the median of 3 runs): the spread of
        the closed-loop maxima, relative to the median kept, with every run's figures."""
        if len(m.maxima) < 2:
            return
        maxima = " / ".join(f"{x:,.1f}" for x in m.maxima)
        p95s = " / ".join(f"{x:.1f}" for x in m.p95s)
        refused = " / ".join(str(x) for x in m.refusals)
        self.add(
            name,
            "throughput_max_spread",
            100 * (max(m.maxima) - min(m.maxima)) / max(m.max_rps, 1e-9),
            "%",
            reference=(
                f"{len(m.maxima)} runs, median kept: max {maxima}; p95 {p95s} ms; "
                f"unexpected answers {refused}"
            ),
        )

    def cpu(self, name: str, peak: cpu.Usage | None, open_loop: cpu.Usage | None = None) -> None:
        """Where the closed loop's CPU went, per answered request (bench/cpu.py, ADR 0071), and
        the cores busy with work not ours during it and during the measured open loop."""
        if peak is None:
            return
        for role, spent in peak.ms_per_request.items():
            if spent >= 0.005:
                self.add(name, f"cpu_ms_{role}", spent, "ms/request")
        self.add(name, "cpu_ms_total", peak.ms_total, "ms/request")
        self.add(name, "cores_busy_peak", peak.cores_busy, "cores")
        self.add(name, "cores_others_peak", peak.cores_others, "cores")
        if open_loop is not None:
            self.add(name, "cores_others_open_loop", open_loop.cores_others, "cores")
