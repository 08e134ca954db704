"""The académie's schools imported by several processes at once, as several task workers run the
directors' confirmed imports in production (ADR 0066).

Each school is still one `import_onde` call in its own transaction; the processes take the next
school from a shared queue, so the run ends when the last school is done. Their files are
generated first, untimed, into a folder (as the uploads would already be stored), and the wall
time of the imports is what the bench reports.
"""

from __future__ import annotations

import pickle
import resource
import time
from multiprocessing import get_context
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

_folder: Path | None = None
_year = 0
_barrier: Any = None


def start(workers: int, folder: Path, year: int) -> Pool:
    """Forked processes sharing Django's set-up; the caller's connections are closed first so
    that no process inherits their sockets (each process opens its own when it first queries)."""
    from django.db import connections

    connections.close_all()
    context = get_context("fork")
    barrier = context.Barrier(workers)
    return context.Pool(workers, initializer=_init, initargs=(folder, year, barrier))


def _init(folder: Path, year: int, barrier: Any) -> None:
    global _folder, _year, _barrier
    _folder, _year, _barrier = folder, year, barrier


def _write_one(n: int) -> None:
    """School n's UAI, name and ONDE files, pickled into the folder."""
    from bench.imports import IMPORT_UAI_BASE
    from bench.onde_files import onde_files
    from bench.people import school_people

    assert _folder is not None
    people = school_people(n, _year, base=IMPORT_UAI_BASE)
    school = (people.uai, people.name, onde_files(people, 0))
    (_folder / str(n)).write_bytes(pickle.dumps(school))


def _import_one(n: int) -> float:
    """Create school n when missing and import its files; returns the seconds it took."""
    from bench.imports import _departement, _school
    from preau.imports.services import import_onde

    assert _folder is not None
    uai, name, files = pickle.loads((_folder / str(n)).read_bytes())  # noqa: S301 (our own file)
    started = time.perf_counter()
    import_onde(None, _school(n, uai, name, _departement()), files, school_year=_year)
    return time.perf_counter() - started


def _close_and_report(_: int) -> tuple[float, int | None]:
    """Close this process's connection (its backend exits and flushes its write statistics);
    returns its peak RSS and the backend's pid. The barrier makes every process take exactly one
    of these calls."""
    from django.db import connection

    backend = None
    if connection.connection is not None:
        backend = connection.connection.info.backend_pid
    connection.close()
    _barrier.wait(60)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, backend


def generate(pool: Pool, numbers: range) -> None:
    list(pool.imap_unordered(_write_one, numbers, chunksize=8))


def import_all(pool: Pool, numbers: range) -> float:
    """Wall seconds to import every school of `numbers` with the pool's processes."""
    started = time.perf_counter()
    list(pool.imap_unordered(_import_one, numbers, chunksize=4))
    return time.perf_counter() - started


def close_connections(pool: Pool, workers: int) -> tuple[list[float], list[int]]:
    """Every process closes its connection; returns their peak RSS (MiB) and the backends that
    are exiting."""
    answers = pool.map(_close_and_report, range(workers), chunksize=1)
    return sorted(rss for rss, _ in answers), [pid for _, pid in answers if pid is not None]
