"""`make bench`: build the synthetic académie, start the topology, run every scenario, report.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL; scripts/bench.sh starts throw-away servers when
they are not given. Environment: BENCH_SCALE (small | full | tiny), BENCH_SECONDS (10),
BENCH_WARM (3), BENCH_RUNS (3 runs per loop, the median kept, performance.md §1),
BENCH_CONCURRENCY (32), BENCH_WEB_PROCESSES and BENCH_WEB_THREADS (deploy/preau.env.example's, with
its overload settings, as production runs them), BENCH_OVERLOAD_SECONDS (20),
BENCH_THINK_SECONDS (30), BENCH_MAX_OPEN_RATE (1000), BENCH_IMPORT_SCHOOLS (the scale's school
count), BENCH_RECIPIENT_SECONDS (2). BENCH_ONLY: run only these comma-separated parts (refs, S1,
S3, S4, S5, S6, S7, S8, S9, S10, servers; S10 brings S9, whose rate it triples; S4 and S5 are the
messagerie, S8 the files) and write bench/results/only-<parts>.{json,md} instead of latest.*.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


def setup_django(database_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = database_url
    os.environ["DATABASE_POOL"] = "false"
    os.environ.setdefault("PREAU_ENV", "development")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["PREAU_ACCESS_LOG"] = "false"
    import django

    django.setup()


def prepare_database(scale: str) -> tuple[Any, list[str]]:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from bench.dataset import BENCH_PASSWORD, SCALES, load_academie, parent_login
    from bench.people import PARENTS
    from preau.directory.schoolyear import current_school_year

    call_command("migrate", verbosity=0)
    schools = SCALES[scale]
    connection.ensure_connection()
    report = load_academie(
        connection.connection, schools, current_school_year(), make_password(BENCH_PASSWORD)
    )
    logins = [parent_login(n % schools, n // schools) for n in range(min(2000, schools * PARENTS))]
    return report, logins


def home_sql(login: str) -> list[str]:
    """The SQL the home page runs for `login`, captured in-process (second visit: warm session)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from preau.accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(login=login))
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def hash_seconds() -> float:
    """One password check with the production hasher, one core (the S7 reference)."""
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password("preau-bench-hash-cost")
    start = time.perf_counter()
    for _ in range(20):
        check_password("preau-bench-hash-cost", encoded)
    return (time.perf_counter() - start) / 20


def settings_from_env() -> Any:
    from bench.scenarios import Settings

    return Settings(
        warm=env_float("BENCH_WARM", 3),
        seconds=env_float("BENCH_SECONDS", 10),
        concurrency=int(env_float("BENCH_CONCURRENCY", 32)),
        overload_seconds=env_float("BENCH_OVERLOAD_SECONDS", 20),
        think_seconds=env_float("BENCH_THINK_SECONDS", 30),
        max_open_rate=env_float("BENCH_MAX_OPEN_RATE", 1000),
        runs=int(env_float("BENCH_RUNS", 3)),
    )


def bench_only() -> frozenset[str]:
    return frozenset(p.strip() for p in os.environ.get("BENCH_ONLY", "").split(",") if p.strip())


def main() -> int:
    from bench import report
    from bench.dataset import BENCH_PASSWORD, SCALES
    from bench.recorder import Recorder
    from bench.web import Inputs
    from preau.core.startup import freeze_startup_objects

    only = bench_only()
    scale = os.environ.get("BENCH_SCALE", "small")
    database_url, redis_url = os.environ["DATABASE_URL"], os.environ["REDIS_URL"]
    setup_django(database_url)
    load_before = os.getloadavg()
    print(f"bench: préparation de la base (échelle {scale})…", flush=True)
    load, logins = prepare_database(scale)
    # Django and the dataset's lists live as long as the run: out of the collector's walk, as
    # in an app process, so that a collection between measures is short (the loops themselves
    # collect nothing, ADR 0070).
    freeze_startup_objects()
    print(
        f"bench: {load.rows} lignes chargées en {load.seconds:.1f} s "
        f"(COPY {load.copy_seconds:.1f} s)",
        flush=True,
    )
    rec = Recorder(scale)
    rec.add("dataset", "rows_loaded_by_copy", load.rows, "rows")
    rec.add(
        "dataset", "copy_rows_per_s", load.rows / load.copy_seconds if load.rows else 0, "rows/s"
    )
    s = settings_from_env()
    if not only or "S6" in only:
        recipients_records(rec, env_float("BENCH_RECIPIENT_SECONDS", 2))
    inputs = Inputs(
        0, s, logins, BENCH_PASSWORD, home_sql(logins[0]), hash_seconds(), database_url, only
    )
    from bench.topology import production_settings

    production = production_settings()
    processes, threads = (
        int(env_float("BENCH_WEB_PROCESSES", float(production.get("WEB_PROCESSES", 2)))),
        int(env_float("BENCH_WEB_THREADS", float(production.get("WEB_THREADS", 8)))),
    )
    plots = web_scenarios(rec, inputs, database_url, redis_url, processes, threads)
    import_schools = int(env_float("BENCH_IMPORT_SCHOOLS", SCALES[scale]))
    if not only or only & {"S1", "S2"}:
        import_records(rec, import_schools)
    if not only or "S8" in only:
        files_records(rec, s.seconds)
    notes = [
        f"Jeu de données : {load.schools} écoles bench chargées par COPY ({load.rows} lignes en "
        f"{load.copy_seconds:.1f} s), plus {import_schools} écoles importées par les services.",
        "Serveur : nginx 1 worker (configuration de deploy/nginx) → "
        f"{processes} processus granian × {threads} threads (WSGI), un port chacun (ADR 0074) ; "
        f"générateur asyncio Python sur les mêmes cœurs ; chauffe {s.warm:.0f} s, maximum en "
        f"boucle fermée ({s.concurrency} connexions) sur {s.seconds:.0f} s, puis boucle ouverte "
        f"à 70 % de ce maximum (plafonnée à {s.max_open_rate:.0f} req/s, ce que le générateur "
        f"tient à l'heure), chauffée {s.warm:.0f} s à ce débit puis mesurée sur la même durée ; "
        f"chaque boucle mesurée {s.runs} fois, la mesure médiane gardée entière, les refus de "
        "toutes comptés (ADR 0073, écart : lignes throughput_max_spread) ; le générateur ne "
        "collecte pas ses déchets pendant une boucle (ADR 0070).",
        f"Charge moyenne de la machine (loadavg 1 min) : {load_before[0]:.1f} au début, "
        f"{os.getloadavg()[0]:.1f} à la fin ; elle compte aussi les processus de la passe : le "
        "travail étranger à la passe est la colonne « hors passe » de « Où va le CPU » (ADR 0071).",
        "S9 (bench/mixed_day.py), des parents connectés : 70 % pages d'accueil, 10 % sondages "
        "du badge du fil (/fil/badge/), 10 % recherches dans l'annuaire, 5 % messages à "
        "l'enseignant d'un enfant (POST /api/v1/messages), 3 % dépôts d'une photo JPEG "
        "1280 × 960 de 222 Ko dans leur espace (POST /api/v1/documents : type, ré-encodage sans "
        "EXIF, vignette, quota), 2 % connexions.",
        "S1/S2 : fichiers ONDE importés par les services, une transaction par école ; l'école 0 "
        "seule (S1), puis les autres par BENCH_IMPORT_WORKERS processus (2 par défaut, comme "
        "deux db_workers) qui prennent l'école suivante, temps mesuré à l'horloge (ADR 0066).",
        "S4/S5 : messages par l'API (POST /api/v1/messages) ; fan-out en arrière-plan par un "
        "db_worker ; S5 académie : l'administrateur académique écrit par l'API au groupe "
        "« Parents de l'académie » (règles de communication vérifiées, membres calculés depuis "
        "l'annuaire, ADR 0047), chronométré du POST jusqu'à la dernière copie écrite.",
        "S8 : 10 clients en boucle fermée, fichiers de 5 Mo (téléchargement par un parent d'un "
        "document que l'enseignant a partagé avec les parents de la classe, par "
        "X-Accel-Redirect ou en flux par Préau ; dépôt d'un CSV par l'API), base neuve sur le "
        "même PostgreSQL avec 10 000 documents existants déposés par les services, référence "
        "nginx servant le même fichier statique dans la même passe.",
    ]
    errors = plots.pop("nginx_errors", "")
    notes.append(f"Journal d'erreurs de nginx pendant les scénarios web : {errors}.")
    app = ", ".join(f"{k}={v}" for k, v in production.items() if k.startswith("PREAU_"))
    notes.append(
        "Protection contre la surcharge de production (ADR 0045) : nginx inclut deploy/nginx "
        "(max_conns = threads de chaque processus, limite des requêtes sans session, 503 + "
        f"Retry-After par nginx) ; l'application : {app} (deploy/preau.env.example)."
    )
    if only:
        notes.insert(0, f"Passe partielle BENCH_ONLY={','.join(sorted(only))}.")
    name = f"only-{'-'.join(sorted(only))}" if only else "latest"
    path = report.write(rec.records, scale, notes, plots, name=name)
    print(f"bench: résultats dans {path}")
    return 0


def web_scenarios(
    rec: Any, inputs: Any, database_url: str, redis_url: str, processes: int, threads: int
) -> dict[str, Any]:
    from dataclasses import replace

    from bench.topology import VENV_BIN, Topology, app_environment, production_settings
    from bench.web import compare_servers, run_all

    # The overload protection production runs (deploy/preau.env.example), not a bench's own.
    overload = {k: v for k, v in production_settings().items() if k.startswith("PREAU_")}
    env = app_environment(
        database_url,
        redis_url,
        PREAU_BENCH_ENDPOINTS="true",
        DATABASE_POOL_MAX=str(threads + 1),
        **overload,
    )
    with tempfile.TemporaryDirectory(prefix="preau-bench-") as state:
        # S9's uploads are stored with the run's other throw-away files, not under var/.
        files = {"PREAU_FILES_ROOT": str(Path(state) / "files")}
        topo = Topology(Path(state), {**env, **files})
        try:
            topo.start_apps("app", processes, threads)
            if inputs.runs_messaging():
                topo.start_worker()  # the background fan-out of broadcasts (S5)
            port = topo.start_nginx()
            plots = asyncio.run(run_all(rec, replace(inputs, port=port)))
            plots["nginx_errors"] = nginx_errors(Path(state) / "nginx-error.log")
        finally:
            topo.stop_all()
    if not (VENV_BIN / "gunicorn").exists() or (inputs.only and "servers" not in inputs.only):
        return plots
    with tempfile.TemporaryDirectory(prefix="preau-bench-") as state:
        topo = Topology(Path(state), env)
        try:
            topo.start_app("gunicorn", workers=processes, server="gunicorn")
            port = topo.start_nginx()
            label = f"gunicorn {processes} workers sync"
            asyncio.run(compare_servers(rec, replace(inputs, port=port), "gunicorn", label))
        finally:
            topo.stop_all()
    return plots


def nginx_errors(log: Path) -> str:
    """What nginx logged during the web scenarios, counted by kind (e.g. why a request failed)."""
    import re
    from collections import Counter

    kinds: Counter[str] = Counter()
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    for line in text.splitlines():
        found = re.search(r"\[(\w+)\] \d+#\d+: (?:\*\d+ )?([^,]+)", line)
        if found:
            kinds[f"{found.group(1)}: {found.group(2)[:90]}"] += 1
    return "; ".join(f"{kind} ×{count}" for kind, count in kinds.most_common(6)) or "rien"


def recipients_records(rec: Any, seconds: float) -> None:
    from bench.recipients import measure

    print("bench: S6 destinataires visibles…", flush=True)
    for person, query, goal, app, raw in measure(seconds):
        name = f"S6_recipients_{person}_{'list' if not query else 'search_' + query}"
        rec.add(name, "latency_p50", app.p50, "ms")
        rec.add(
            name,
            "latency_p95",
            app.p95,
            "ms",
            reference="same SQL via psycopg, p95",
            reference_value=raw.p95,
            goal=f"< {goal:.0f} ms and <= 3 x SQL",
            met=app.p95 < goal and app.p95 <= 3 * raw.p95,
        )
        rec.add(name, "results", app.results, "rows")
        rec.add(name, "sql_statements_per_call", raw.results, "queries")


def files_records(rec: Any, seconds: float) -> None:
    from bench.files.s8 import s8_records

    print("bench: S8 fichiers de 5 Mo, 10 clients (processus séparé)…", flush=True)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "bench/files/s8.py", "--seconds", str(seconds), "--skip-memory"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    s8_records(rec, json.loads(done.stdout))


def _copy_reference_label(runs: list[float]) -> str:
    spread = " / ".join(f"{seconds:.3g}" for seconds in runs)
    return f"COPY of the same rows into the same tables, median of {spread} s (ADR 0065)"


def import_records(rec: Any, schools: int) -> None:
    print(f"bench: S1 imports ONDE ({schools} écoles, processus séparé)…", flush=True)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.imports", str(schools)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    r = json.loads(done.stdout.strip().splitlines()[-1])
    one, copy_one = r["one_school_seconds"], r["one_school_copy_seconds"]
    rec.add(
        "S1_import_one_school",
        "seconds",
        one,
        "s",
        reference=_copy_reference_label(r["one_school_copy_runs"]),
        reference_value=copy_one,
        goal="<= 1 s and <= 10 x COPY",
        met=one <= 1 and one <= 10 * copy_one,
    )
    rec.add("S1_import_one_school", "rows_inserted", r["one_school_rows"], "rows")
    rec.add(
        "S1_reimport_5pct_changes",
        "seconds",
        r["changed_one_school_seconds"],
        "s",
        goal="<= 0.5 s",
        met=r["changed_one_school_seconds"] <= 0.5,
    )
    rec.add("S1_reimport_no_change", "seconds", r["noop_one_school_seconds"], "s")
    aca, copy_aca = r["academie_seconds"], r["academie_copy_seconds"]
    rec.add(
        "S2_import_academie",
        "seconds",
        aca,
        "s",
        reference=_copy_reference_label(r["academie_copy_runs"]),
        reference_value=copy_aca,
        goal="<= 10 x COPY",
        met=aca <= 10 * copy_aca,
    )
    rec.add(
        "S2_import_academie",
        "seconds_vs_copy_into_empty_tables",
        aca,
        "s",
        reference="COPY into empty tables, no foreign key (the reference before ADR 0065)",
        reference_value=r["academie_copy_empty_tables_seconds"],
    )
    rec.add(
        "S2_import_academie",
        "seconds_vs_copy_without_foreign_keys",
        aca,
        "s",
        reference="COPY into the same tables before their foreign keys are added (one run)",
        reference_value=r["academie_copy_without_foreign_keys_seconds"],
    )
    rec.add("S2_import_academie", "rows_inserted", r["academie_rows"], "rows")
    rec.add("S2_import_academie", "schools", r["schools"], "schools")
    rec.add("S2_import_academie", "worker_processes", r["workers"], "processes")
    rec.add(
        "S2_reimport_academie_no_change",
        "seconds",
        r["noop_academie_seconds"],
        "s",
        goal="<= 120 s",
        met=r["noop_academie_seconds"] <= 120,
    )
    rec.add(
        "S2_reimport_academie_no_change",
        "vacuum_analyze_before",
        r["maintenance_seconds"],
        "s",
    )
    rec.add(
        "S2_reimport_academie_no_change",
        "rows_written",
        r["noop_rows_written"],
        "rows",
        goal="0",
        met=r["noop_rows_written"] == 0,
    )
    rec.add(
        "S2_import_academie",
        "peak_rss",
        r["peak_rss_mib"],
        "MiB",
        reference="sum of every process's peak (the bench's and each worker's)",
        goal="< 2048 MiB",
        met=r["peak_rss_mib"] < 2048,
    )


if __name__ == "__main__":
    sys.exit(main())
