"""CI: the previous release's database migrates forward, and the new code then serves it (issue 8).

The previous release is the commit recorded in deploy/previous-release (ADR 0044):
1. its tree is extracted with `git archive` into a temporary directory (nothing is checked out
   in the repository); it runs from the project's .venv when its requirements.lock is the
   current one, otherwise from a virtualenv of its own built from its lock;
2. with the OLD code, a fresh database (PostgreSQL when DATABASE_URL is given: a database of
   its own next to it; SQLite otherwise) is migrated and the demo académie loaded (seed_demo);
3. with the NEW code: `migrate`, then `migrate --check` and `makemigrations --check`, then a
   smoke check: every demo account logs in with its password (hashed by the old code) through
   the test client and its key pages answer 200.
Exits non-zero with a French message on the first failure.
Usage: [DATABASE_URL=postgres://…] .venv/bin/python scripts/ci_upgrade_path.py
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE_FILE = ROOT / "deploy" / "previous-release"
# Pages every demo account opens, and those of the accounts of a school's families and staff.
EVERYONE = ("/", "/api/v1/me")
SCHOOL_PAGES = ("/messagerie/", "/carnet/", "/documents/")
SCHOOL_ACCOUNTS = ("demo.parent", "demo.enseignant", "demo.directeur")
WHERE = "import pathlib, preau; print(pathlib.Path(preau.__file__).parent)"


def fail(message: str) -> None:
    print(f"ÉCHEC montée de version : {message}", file=sys.stderr)
    raise SystemExit(1)


def git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=False)  # noqa: S603, S607


def previous_release() -> str:
    """deploy/previous-release, or PREAU_PREVIOUS_RELEASE (a ref, to try another starting point)."""
    given = os.environ.get("PREAU_PREVIOUS_RELEASE", "")
    text = given or RELEASE_FILE.read_text(encoding="utf-8")
    lines = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    if len(lines) != 1:
        fail(f"{RELEASE_FILE.name} doit contenir une seule ligne : l'empreinte d'un commit")
    found = git("rev-parse", "--verify", "--quiet", f"{lines[0]}^{{commit}}")
    if (
        found.returncode != 0
        and git("rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
    ):
        git("fetch", "--quiet", "--unshallow")  # a CI's shallow clone: fetch the history once
        found = git("rev-parse", "--verify", "--quiet", f"{lines[0]}^{{commit}}")
    if found.returncode != 0:
        fail(
            f"le commit {lines[0]} de {RELEASE_FILE.name} est absent de ce dépôt "
            "(clone superficiel ? `git fetch --unshallow`)"
        )
    return found.stdout.decode().strip()


def extract(commit: str, target: Path) -> None:
    """The commit's tree into `target` (git archive piped into tar: no checkout, no worktree)."""
    target.mkdir(parents=True)
    archive_cmd = ["git", "archive", "--format=tar", commit]
    archive = subprocess.Popen(archive_cmd, cwd=ROOT, stdout=subprocess.PIPE)  # noqa: S603
    untar_cmd = ["tar", "-x", "-C", str(target)]
    untar = subprocess.run(  # noqa: S603
        untar_cmd, stdin=archive.stdout, capture_output=True, check=False
    )
    if archive.wait() != 0 or untar.returncode != 0:
        fail(f"extraction de {commit} impossible : {untar.stderr.decode().strip()}")


def python_for(old: Path, work: Path) -> Path:
    """The current .venv when the old lock is the same, else a virtualenv built from the old one."""
    current = Path(sys.executable)
    if filecmp.cmp(old / "requirements.lock", ROOT / "requirements.lock", shallow=False):
        print("  requirements.lock identique : le .venv du projet sert aux deux versions")
        return current
    print("  requirements.lock différent : virtualenv propre à l'ancienne version")
    venv = work / "venv-old"
    subprocess.run(["python3.11", "-m", "venv", str(venv)], check=True)  # noqa: S603, S607
    pip = [str(venv / "bin/python"), "-m", "pip", "install", "--quiet"]
    run_checked([*pip, "-c", "requirements.lock", "-e", ".[dev]"], old)
    return venv / "bin/python"


def run_checked(command: list[str], cwd: Path | None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        fail(f"{' '.join(command[1:])} : {(done.stderr or done.stdout).strip()[-1500:]}")
    return done.stdout


class Database:
    """A database of this run's own, on the PostgreSQL of DATABASE_URL or in a SQLite file."""

    def __init__(self, work: Path) -> None:
        self.base_url = os.environ.get("DATABASE_URL", "")
        self.name = f"preau_upgrade_ci_{os.getpid()}"
        self.postgres = self.base_url.startswith(("postgres://", "postgresql://"))
        self.url = (
            self.base_url.rsplit("/", 1)[0] + f"/{self.name}"
            if self.postgres
            else f"sqlite:///{work / 'preau.sqlite3'}"
        )

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.base_url, autocommit=True) as conn:
            conn.execute(statement)

    def create(self) -> None:
        if self.postgres:
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.postgres:
            sys.path.insert(0, str(ROOT))
            from preau.ops.pgadmin import drop_database

            drop_database(self.base_url, self.name)


def environment(db: Database, work: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PREAU_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": db.url,
        "DATABASE_POOL": "false",
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "PREAU_STORAGE_BACKEND": "local",
    }
    for name in ("REDIS_URL", "DATABASE_REPLICA_URLS", "PREAU_FILES_ROOT", "PYTHONPATH"):
        env.pop(name, None)
    return env


def smoke() -> None:
    """In the new code's process: every demo account logs in and opens its pages."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from preau.directory.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    for account in DEMO_ACCOUNTS:
        client = Client(HTTP_HOST="localhost")
        body = json.dumps({"login": account.login, "password": DEMO_PASSWORD})
        answer = client.post("/api/v1/auth/login", body, content_type="application/json")
        if answer.status_code != 200:
            fail(f"{account.login} ne peut plus se connecter (HTTP {answer.status_code})")
        pages = EVERYONE + (SCHOOL_PAGES if account.login in SCHOOL_ACCOUNTS else ())
        for page in pages:
            status = client.get(page).status_code
            if status != 200:
                fail(f"{page} répond HTTP {status} à {account.login} après la montée de version")
    print(f"  {len(DEMO_ACCOUNTS)} comptes de démonstration connectés, pages clés en HTTP 200")


def main() -> None:
    started = time.monotonic()
    commit = previous_release()
    work = Path(tempfile.mkdtemp(prefix="preau-upgrade-ci-"))
    db = Database(work)
    engine = "PostgreSQL" if db.postgres else "SQLite"
    print(f"montée de version : {commit[:10]} → code actuel, sur {engine}")
    try:
        old = work / "previous"
        extract(commit, old)
        old_python = python_for(old, work)
        env = environment(db, work)
        db.create()
        run_checked([str(old_python), "manage.py", "migrate", "--noinput", "-v", "0"], old, env)
        run_checked([str(old_python), "manage.py", "seed_demo", "--quiet-table"], old, env)
        where = run_checked([str(old_python), "manage.py", "shell", "-c", WHERE], old, env)
        if Path(where.strip().splitlines()[-1]) != old / "preau":
            fail(f"l'ancienne version a importé le code de {where.strip()} au lieu de {old}")
        print("  ancienne version : base migrée, académie de démonstration chargée")
        new_python = sys.executable
        applied = run_checked([new_python, "manage.py", "migrate", "--noinput"], ROOT, env)
        news = [
            line.strip() for line in applied.splitlines() if line.strip().startswith("Applying")
        ]
        print(f"  nouvelle version : {len(news)} migration(s) appliquée(s) {news}")
        run_checked([new_python, "manage.py", "migrate", "--check", "-v", "0"], ROOT, env)
        run_checked([new_python, "manage.py", "makemigrations", "--check", "--dry-run"], ROOT, env)
        print(run_checked([new_python, __file__, "--smoke"], ROOT, env).rstrip())
    finally:
        db.drop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"montée de version réussie ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--smoke"]:
        smoke()
    else:
        main()
