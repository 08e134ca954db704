"""Import scenarios (issue 3; performance.md S1): ONDE files through `preau.imports.services`.

Run as its own process (`python -m bench.imports SCHOOLS`) so that its peak RSS is the import's
own; prints one JSON object. Steps, on PostgreSQL:
1. the académie: SCHOOLS generated schools, each imported from its three ONDE files (one
   transaction per school, as a director or the nightly feed would); school 0 is "one school",
   imported alone; the others by BENCH_IMPORT_WORKERS processes (2: one per core) taking the
   next school as task workers would (`bench.import_workers`, ADR 0066), timed by the wall clock.
   Each school is created first by the directory's services (timed with its import), in
   circonscriptions of 30 schools and collectivités of 5 as `bench.dataset` shapes the académie:
   a director's `--create-school` would put every school of the run in its département's one
   placeholder circonscription, whose wide groups no real circonscription reaches;
2. the same files again, in the same way: a no-change re-import, whose writes are counted from
   pg_stat, after a VACUUM (ANALYZE) of the tables (the upkeep autovacuum would otherwise do
   during it);
3. school 0 again with ≈ 5 % of pupils moved to another class;
4. the reference, in the same run: COPY of the very rows the imports inserted into the same
   tables as the imports found them (`bench.copy_reference`, ADR 0065), median of 3.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
IMPORT_UAI_BASE = 9100000
WORKERS = int(os.environ.get("BENCH_IMPORT_WORKERS") or 2)  # two task workers, one per core
INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField"}
MOVED_EVERY = 9  # every 9th pupil changes class when it can: ≈ 5 % of the school


def _tables() -> list[str]:
    from django.apps import apps

    return sorted(
        {
            m._meta.db_table
            for m in apps.get_models()
            if m._meta.pk is not None
            and m._meta.pk.column == "id"
            and not m._meta.proxy
            and m._meta.managed
            and m._meta.pk.get_internal_type() in INTEGER_KEYS
        }
    )


def _max_ids(cursor: Any, tables: list[str]) -> dict[str, int]:
    found = {}
    for table in tables:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
        found[table] = int(cursor.fetchone()[0])
    return found


def _writes(cursor: Any) -> int:
    """Rows inserted, updated or deleted so far in this database (flushed statistics)."""
    cursor.execute("SELECT pg_stat_force_next_flush()")
    cursor.execute("SELECT pg_stat_clear_snapshot()")
    cursor.execute(
        "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables"
    )
    return int(cursor.fetchone()[0])


def _vacuum(cursor: Any, tables: list[str]) -> float:
    """VACUUM (ANALYZE) the tables, untimed for the imports: the upkeep autovacuum owes after
    millions of inserted rows would otherwise run during the next phase, which in production
    is the next night's feed (ADR 0065). Returns its seconds, for the report."""
    started = time.perf_counter()
    for table in tables:
        cursor.execute(f'VACUUM (ANALYZE) "{table}"')
    return time.perf_counter() - started


def _places(n: int, departement: Any) -> tuple[Any, Any, str]:
    """School `n`'s circonscription and collectivité (created when missing) and its commune."""
    from bench.dataset import SCHOOLS_PER_CIRCONSCRIPTION, SCHOOLS_PER_COLLECTIVITE
    from preau.directory.models import Circonscription, Collectivite
    from preau.directory.services import structures

    code = f"{departement.code}-BI{n // SCHOOLS_PER_CIRCONSCRIPTION:03d}"
    circonscription = Circonscription.objects.filter(code=code).first()
    if circonscription is None:
        circonscription = structures.create_circonscription(
            None, departement=departement, code=code, name=f"Circonscription bench {code}"
        )
    commune = f"Commune bench imports {n // SCHOOLS_PER_COLLECTIVITE:04d}"
    academie = departement.academie
    collectivite = Collectivite.objects.filter(academie=academie, name=commune).first()
    if collectivite is None:
        collectivite = structures.create_collectivite(
            None, academie=academie, kind=Collectivite.Kind.COMMUNE, name=commune
        )
    return circonscription, collectivite, commune


def _school(n: int, uai: str, name: str, departement: Any) -> Any:
    """Imported school `n`, created in its circonscription and collectivité when missing."""
    from preau.directory.models import School
    from preau.directory.services import structures

    school = School.objects.filter(uai=uai).first()
    if school is not None:
        return school
    circonscription, collectivite, commune = _places(n, departement)
    return structures.create_school(
        None,
        uai=uai,
        name=name,
        sector=School.Sector.PUBLIC,
        kind=School.Kind.PRIMAIRE,
        circonscription=circonscription,
        collectivite=collectivite,
        commune=commune,
    )


@functools.cache
def _departement() -> Any:
    """The bench académie's département, read once per run and inherited by the workers (it is
    read before they are forked), so that no school's timed import reads it again."""
    from preau.directory.models import Academie, Departement

    academie, _ = Academie.objects.get_or_create(code="BENCHI", defaults={"name": "Bench imports"})
    departement, _ = Departement.objects.get_or_create(
        code="910", defaults={"academie": academie, "name": "Bench"}
    )
    return departement


def _import_school_0(year: int, phase: str, out: dict[str, Any], moved_every: int = 0) -> float:
    """School 0 alone, in this process: scenario S1's "one school"."""
    from bench.onde_files import onde_files
    from bench.people import school_people
    from preau.imports.services import import_onde

    people = school_people(0, year, base=IMPORT_UAI_BASE)
    files = onde_files(people, moved_every)
    started = time.perf_counter()
    school = _school(0, people.uai, people.name, _departement())
    report = import_onde(None, school, files, school_year=year)
    seconds = time.perf_counter() - started
    data = report.as_dict()
    out[f"school_0_{phase}"] = {k: data[k] for k in ("created", "moved", "unchanged")}
    return seconds


def _close_workers_connections(pool: Any) -> list[float]:
    """The workers' backends exit, which flushes their write statistics: a backend still open
    reports its last writes up to 10 s later, into the next phase's count. Returns the workers'
    peak RSS."""
    from bench import import_workers

    peaks, backends = import_workers.close_connections(pool, WORKERS)
    cursor = _cursor()
    for _ in range(100):
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [backends])
        if cursor.fetchone()[0] == 0:
            break
        time.sleep(0.1)
    return peaks


def _cursor() -> Any:
    from django.db import connection

    return connection.cursor().cursor  # the psycopg cursor, for COPY


def run(schools: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_POOL"] = "false"
    import django

    django.setup()
    from bench import copy_reference, import_workers
    from bench.dataset import SCHOOLS_PER_COLLECTIVITE
    from preau.directory.schoolyear import current_school_year

    _departement.cache_clear()  # a previous run's, in the same process, may be gone
    year = current_school_year()
    tables = _tables()
    others = range(1, schools)
    out: dict[str, Any] = {"schools": schools, "workers": WORKERS}
    for n in range(0, schools, SCHOOLS_PER_COLLECTIVITE):  # untimed, so that no two processes
        _places(n, _departement())  # create the same circonscription or collectivité
    with tempfile.TemporaryDirectory(prefix="preau-bench-onde-") as folder:
        pool = import_workers.start(WORKERS, Path(folder), year)
        with pool:
            import_workers.generate(pool, others)
            before = _max_ids(_cursor(), tables)
            out["one_school_seconds"] = _import_school_0(year, "first", out)
            after_one = _max_ids(_cursor(), tables)
            academie = import_workers.import_all(pool, others)
            out["academie_seconds"] = out["one_school_seconds"] + academie
            _close_workers_connections(pool)
            after_all = _max_ids(_cursor(), tables)
            out["maintenance_seconds"] = _vacuum(_cursor(), tables)
            writes = _writes(_cursor())
            out["noop_one_school_seconds"] = _import_school_0(year, "noop", out)
            noop = out["noop_one_school_seconds"] + import_workers.import_all(pool, others)
            out["noop_academie_seconds"] = noop
            out["workers_peak_rss_mib"] = _close_workers_connections(pool)
            out["noop_rows_written"] = _writes(_cursor()) - writes
    changed = _import_school_0(year, "changed", out, MOVED_EVERY)
    out["changed_one_school_seconds"] = changed
    references = copy_reference.measure(
        _cursor(), before, {"one_school": after_one, "academie": after_all}
    )
    for phase, reference in references.items():
        out[f"{phase}_rows"] = reference.rows
        out[f"{phase}_copy_seconds"] = reference.seconds
        out[f"{phase}_copy_runs"] = list(reference.runs)
        out[f"{phase}_copy_empty_tables_seconds"] = reference.empty_seconds
        out[f"{phase}_copy_without_foreign_keys_seconds"] = reference.without_foreign_keys_seconds
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["peak_rss_mib"] = own + sum(out["workers_peak_rss_mib"])
    return out


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]))))
