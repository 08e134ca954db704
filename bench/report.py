"""Benchmark results: latest.json (+ a dated copy), latest.md with a table and PNG plots."""

from __future__ import annotations

import json
import math
import os
import platform
from datetime import date
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}; "
        "PostgreSQL, Redis, nginx, app and load generator on the same cores"
    )


def record(
    scenario: str,
    metric: str,
    value: float,
    unit: str,
    *,
    reference: str = "",
    reference_value: float | None = None,
    goal: str = "",
    met: bool | None = None,
    scale: str,
) -> dict[str, Any]:
    ratio = None
    if reference_value and math.isfinite(value):
        ratio = round(value / reference_value, 4)
    return {
        "scenario": scenario,
        "metric": metric,
        # NaN (nothing measured) and infinity (never recovered) are not JSON: null.
        "value": round(value, 3) if math.isfinite(value) else None,
        "unit": unit,
        "reference": reference,
        "reference_value": None if reference_value is None else round(reference_value, 3),
        "ratio": ratio,
        "goal": goal,
        "met": met,
        "scale": scale,
        "machine": machine(),
    }


def write(
    records: list[dict[str, Any]],
    scale: str,
    notes: list[str],
    plots: dict[str, Any],
    name: str = "latest",
) -> Path:
    """`name`.json and `name`.md (+ plots); a full run (latest) also keeps a dated copy."""
    RESULTS.mkdir(exist_ok=True)
    payload = json.dumps(records, indent=2, ensure_ascii=False)
    (RESULTS / f"{name}.json").write_text(payload + "\n", encoding="utf-8")
    if name == "latest":
        (RESULTS / f"{date.today().isoformat()}-{scale}.json").write_text(payload + "\n", "utf-8")
    images = _plots(plots, "" if name == "latest" else f"{name}-")
    (RESULTS / f"{name}.md").write_text(_markdown(records, scale, notes, images), encoding="utf-8")
    return RESULTS / f"{name}.md"


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "**non**"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def _markdown(
    records: list[dict[str, Any]], scale: str, notes: list[str], images: list[str]
) -> str:
    lines = [
        f"# Banc de mesure Préau — échelle `{scale}`, {date.today().isoformat()}",
        "",
        f"Machine : {records[0]['machine'] if records else machine()}.",
        "",
        *[f"- {note}" for note in notes],
        "",
        "| Scénario | Mesure | Valeur | Unité | Référence (même passe) | Valeur de référence "
        "| Ratio | Objectif | Atteint |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in records:
        if _is_cpu(r):
            continue
        lines.append(
            "| "
            + " | ".join(
                _fmt(r[k])
                for k in (
                    "scenario",
                    "metric",
                    "value",
                    "unit",
                    "reference",
                    "reference_value",
                    "ratio",
                    "goal",
                    "met",
                )
            )
            + " |"
        )
    lines += _cpu_table(records)
    lines += ["", *[f"![{name}]({name})" for name in images], ""]
    return "\n".join(lines)


CPU_COLUMNS = {
    "app": "app",
    "postgresql": "PostgreSQL",
    "postgresql_background": "PostgreSQL (fond)",
    "nginx": "nginx",
    "redis": "Redis",
    "worker": "worker",
    "generator": "générateur",
    "kernel": "noyau",
    "other": "autres processus",
    "total": "total",
}


def _is_cpu(r: dict[str, Any]) -> bool:
    return str(r["metric"]).startswith(("cpu_ms_", "cores_"))


def _cpu_table(records: list[dict[str, Any]]) -> list[str]:
    """The CPU rows (bench/cpu.py, ADR 0071) as one table: a scenario per line."""
    found: dict[str, dict[str, Any]] = {}
    for r in records:
        if _is_cpu(r):
            found.setdefault(r["scenario"], {})[r["metric"]] = r["value"]
    if not found:
        return []
    head = [*CPU_COLUMNS.values(), "cœurs occupés", "hors passe (max.)", "hors passe (70 %)"]
    lines = [
        "",
        "## Où va le CPU",
        "",
        "Millisecondes de CPU par requête réussie pendant la boucle fermée (débit maximal), par "
        "rôle de processus (`/proc`, bench/cpu.py), puis les cœurs occupés de la machine et, "
        "parmi eux, ceux qu'aucun processus de la passe n'explique (autres occupants de la "
        "machine partagée, interruptions), au débit maximal et pendant la boucle ouverte à 70 %.",
        "",
        "| Scénario | " + " | ".join(head) + " |",
        "|---|" + "---|" * len(head),
    ]
    for scenario, values in found.items():
        cells = [_fmt(values.get(f"cpu_ms_{key}")) for key in CPU_COLUMNS]
        keys = ("cores_busy_peak", "cores_others_peak", "cores_others_open_loop")
        cells += [_fmt(values.get(key)) for key in keys]
        lines.append(f"| {scenario} | " + " | ".join(cells) + " |")
    return lines


def _plots(plots: dict[str, Any], prefix: str = "") -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    images = []
    percentiles = plots.get("percentiles", {})
    if percentiles:
        fig, ax = plt.subplots(figsize=(8, 4))
        names = list(percentiles)
        for offset, q in enumerate(("p50", "p95", "p99")):
            ax.bar(
                [i + offset * 0.27 for i in range(len(names))],
                [percentiles[n][q] for n in names],
                width=0.27,
                label=q,
            )
        ax.set_xticks([i + 0.27 for i in range(len(names))], names, rotation=15)
        ax.set_ylabel("ms (open loop, 70 % of max)")
        ax.set_yscale("log")
        ax.legend()
        fig.tight_layout()
        fig.savefig(RESULTS / f"{prefix}latency.png", dpi=100)
        plt.close(fig)
        images.append(f"{prefix}latency.png")
    timeline = plots.get("overload")
    if timeline:
        fig, ax = plt.subplots(figsize=(8, 4))
        ax.plot(timeline["t"], timeline["p95_ms"], label="p95 200 (ms)")
        ax.plot(timeline["t"], timeline["shed_per_s"], label="503/s")
        ax.axvline(timeline["overload_end"], color="grey", linestyle="--")
        ax.set_xlabel("s")
        ax.set_yscale("symlog")
        ax.set_ylim(bottom=0)
        ax.legend()
        fig.tight_layout()
        fig.savefig(RESULTS / f"{prefix}overload.png", dpi=100)
        plt.close(fig)
        images.append(f"{prefix}overload.png")
    return images
