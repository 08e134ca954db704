"""Import scenarios (issue 3; performance.md S1): ONDE files through `preau.imports.services`.

Run as its own process (`python -m bench.imports SCHOOLS`) so that its peak RSS is the import's
own; prints one JSON object. Steps, on PostgreSQL:
1. the académie: SCHOOLS generated schools, each imported from its three ONDE files (one
   transaction per school, as a director or the nightly feed would); school 0 is "one school".
   Each school is created first by the directory's services (timed with its import), in
   circonscriptions of 30 schools and collectivités of 5 as `bench.dataset` shapes the académie:
   a director's `--create-school` would put every school of the run in its département's one
   placeholder circonscription, whose wide groups no real circonscription reaches;
2. the same files again: a no-change re-import, whose writes are counted from pg_stat, after a
   VACUUM (ANALYZE) of the tables (the upkeep autovacuum would otherwise do during it);
3. school 0 again with ≈ 5 % of pupils moved to another class;
4. the reference, in the same run: COPY of the very rows the imports inserted into the same
   tables as the imports found them (`bench.copy_reference`, ADR 0065), median of 3.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
IMPORT_UAI_BASE = 9100000
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


def _school(n: int, people: Any, departement: Any) -> Any:
    """Imported school `n`, created with its circonscription and collectivité when missing."""
    from bench.dataset import SCHOOLS_PER_CIRCONSCRIPTION, SCHOOLS_PER_COLLECTIVITE
    from preau.directory.models import Circonscription, Collectivite, School
    from preau.directory.services import structures

    school = School.objects.filter(uai=people.uai).first()
    if school is not None:
        return school
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
    return structures.create_school(
        None,
        uai=people.uai,
        name=people.name,
        sector=School.Sector.PUBLIC,
        kind=School.Kind.PRIMAIRE,
        circonscription=circonscription,
        collectivite=collectivite,
        commune=commune,
    )


def run(schools: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_POOL"] = "false"
    import django

    django.setup()
    from django.db import connection

    from bench import copy_reference
    from bench.onde_files import onde_files
    from bench.people import school_people
    from preau.directory.models import Academie, Departement
    from preau.directory.schoolyear import current_school_year
    from preau.imports.services import import_onde

    academie, _ = Academie.objects.get_or_create(code="BENCHI", defaults={"name": "Bench imports"})
    departement, _ = Departement.objects.get_or_create(
        code="910", defaults={"academie": academie, "name": "Bench"}
    )
    year = current_school_year()
    tables = _tables()
    cursor = connection.cursor().cursor  # the psycopg cursor, for COPY
    out: dict[str, Any] = {"schools": schools}

    def import_schools(numbers: range, phase: str, moved_every: int = 0) -> list[float]:
        times = []
        for n in numbers:
            people = school_people(n, year, base=IMPORT_UAI_BASE)
            files = onde_files(people, moved_every)
            started = time.perf_counter()
            school = _school(n, people, departement)
            report = import_onde(None, school, files, school_year=year)
            times.append(time.perf_counter() - started)
            if n == 0:
                data = report.as_dict()
                out[f"school_0_{phase}"] = {k: data[k] for k in ("created", "moved", "unchanged")}
        return times

    before = _max_ids(cursor, tables)
    times = import_schools(range(1), "first")
    after_one = _max_ids(cursor, tables)
    times += import_schools(range(1, schools), "first")
    after_all = _max_ids(cursor, tables)
    out["one_school_seconds"] = times[0]
    out["academie_seconds"] = sum(times)
    out["maintenance_seconds"] = _vacuum(cursor, tables)
    writes = _writes(cursor)
    again = import_schools(range(schools), "noop")
    out["noop_academie_seconds"] = sum(again)
    out["noop_one_school_seconds"] = again[0]
    out["noop_rows_written"] = _writes(cursor) - writes
    out["changed_one_school_seconds"] = import_schools(range(1), "changed", MOVED_EVERY)[0]
    references = copy_reference.measure(
        cursor, before, {"one_school": after_one, "academie": after_all}
    )
    for phase, reference in references.items():
        out[f"{phase}_rows"] = reference.rows
        out[f"{phase}_copy_seconds"] = reference.seconds
        out[f"{phase}_copy_runs"] = list(reference.runs)
        out[f"{phase}_copy_empty_tables_seconds"] = reference.empty_seconds
        out[f"{phase}_copy_without_foreign_keys_seconds"] = reference.without_foreign_keys_seconds
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]))))
