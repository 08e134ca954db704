"""The bulk-write reference of S1/S2: a COPY of the rows the imports inserted into the same tables.

performance.md §1 asks for a "COPY of the same rows into the same tables" (ADR 0065). The rows an
import inserted are read back with `COPY … TO` (binary) and copied again, for each table, into a
twin created `LIKE` the real table (indexes, defaults, identity) that holds what the real table
held when the imports started, with the real table's foreign keys (added `NOT VALID`: the rows
already there are the real table's, checked when they were written). Each COPY runs in its own
transaction with the constraints checked at once (`SET CONSTRAINTS ALL IMMEDIATE`, where the import
checks them at its commit), and is rolled back: the twin is vacuumed and the next run finds it as
the imports found the real table. A phase's time is the median of `RUNS` runs (performance.md §1).

For comparison, two figures of one run each: `empty_seconds`, the same rows into empty twins
without foreign keys (the reference the bench used before ADR 0065), and
`without_foreign_keys_seconds`, into the twins as the imports found them but before their foreign
keys are added.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUNS = 3


@dataclass(frozen=True)
class Reference:
    rows: int
    runs: tuple[float, ...]
    empty_seconds: float
    without_foreign_keys_seconds: float

    @property
    def seconds(self) -> float:
        return statistics.median(self.runs)


def _dump(cursor: Any, path: Path, table: str, low: int, high: int) -> None:
    with (
        path.open("wb") as out,
        cursor.copy(
            f'COPY (SELECT * FROM "{table}" WHERE id > {low} AND id <= {high}) '  # noqa: S608
            "TO STDOUT (FORMAT binary)"
        ) as copy,
    ):
        for block in copy:
            out.write(block)


def _load(cursor: Any, path: Path, twin: str) -> tuple[int, float]:
    """(rows, seconds) of one COPY of `path` into `twin`, foreign keys checked, rolled back."""
    cursor.execute("BEGIN")
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    started = time.perf_counter()
    with (
        path.open("rb") as source,
        cursor.copy(f'COPY "{twin}" FROM STDIN (FORMAT binary)') as copy,
    ):
        while block := source.read(1 << 20):
            copy.write(block)
    seconds = time.perf_counter() - started
    rows = cursor.rowcount
    cursor.execute("ROLLBACK")
    return rows, seconds


def _load_again(cursor: Any, path: Path, twin: str) -> tuple[int, float]:
    """`_load`, then the twin vacuumed: the next run finds it as the imports found the table."""
    found = _load(cursor, path, twin)
    cursor.execute(f'VACUUM "{twin}"')
    return found


def _foreign_keys(cursor: Any, table: str) -> list[str]:
    """The definitions of `table`'s foreign keys (`FOREIGN KEY (…) REFERENCES …`)."""
    cursor.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [f'"{table}"'],
    )
    return [str(definition) for (definition,) in cursor.fetchall()]


def _create_twin(cursor: Any, table: str, prefix: str = "") -> str:
    """An empty table `LIKE` `table` (indexes, defaults, identity; no foreign key)."""
    twin = f"bench_copy_{prefix}{table}"[:63]
    cursor.execute(f'DROP TABLE IF EXISTS "{twin}"')
    cursor.execute(f'CREATE TABLE "{twin}" (LIKE "{table}" INCLUDING ALL)')
    return twin


def _same_table_twin(cursor: Any, table: str, low: int) -> str:
    """A twin of `table` as the imports found it: its rows up to `low` (foreign keys apart)."""
    twin = _create_twin(cursor, table)
    cursor.execute(f'INSERT INTO "{twin}" SELECT * FROM "{table}" WHERE id <= {low}')  # noqa: S608
    cursor.execute(f'VACUUM ANALYZE "{twin}"')
    return twin


def _add_foreign_keys(cursor: Any, table: str, twin: str) -> None:
    for number, definition in enumerate(_foreign_keys(cursor, table)):
        constraint = f"{twin[:50]}_fk{number}"
        cursor.execute(f'ALTER TABLE "{twin}" ADD CONSTRAINT "{constraint}" {definition} NOT VALID')


def _empty_twin_seconds(cursor: Any, table: str, path: Path) -> float:
    twin = _create_twin(cursor, table, "empty_")
    _, seconds = _load(cursor, path, twin)
    cursor.execute(f'DROP TABLE "{twin}"')
    return seconds


def measure(
    cursor: Any, low: dict[str, int], phases: dict[str, dict[str, int]], runs: int = RUNS
) -> dict[str, Reference]:
    """For each phase (name → the tables' highest ids after it), the reference of its rows."""
    rows = dict.fromkeys(phases, 0)
    times = {phase: [0.0] * runs for phase in phases}
    empty = dict.fromkeys(phases, 0.0)
    no_keys = dict.fromkeys(phases, 0.0)
    tables = sorted({t for high in phases.values() for t, top in high.items() if top > low[t]})
    with tempfile.TemporaryDirectory(prefix="preau-bench-copy-") as tmp:
        for table in tables:
            twin = _same_table_twin(cursor, table, low[table])
            dumps = {}
            for phase, high in phases.items():
                if high[table] > low[table]:
                    dumps[phase] = Path(tmp) / f"{table}.{phase}.bin"
                    _dump(cursor, dumps[phase], table, low[table], high[table])
                    copied, seconds = _load_again(cursor, dumps[phase], twin)
                    no_keys[phase] += seconds
                    rows[phase] += copied if copied > 0 else high[table] - low[table]
                    empty[phase] += _empty_twin_seconds(cursor, table, dumps[phase])
            _add_foreign_keys(cursor, table, twin)
            for phase, dump in dumps.items():
                for run in range(runs):
                    times[phase][run] += _load_again(cursor, dump, twin)[1]
                dump.unlink()
            cursor.execute(f'DROP TABLE "{twin}"')
    return {
        phase: Reference(rows[phase], tuple(times[phase]), empty[phase], no_keys[phase])
        for phase in phases
    }
