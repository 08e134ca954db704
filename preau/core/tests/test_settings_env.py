"""Settings come only from the environment: each test runs `manage.py` in a fresh process."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PROD_SECRET = "k3J9-a-long-random-production-secret-for-the-settings-tests-0987654321"
DEV_SECRET = "preau-development-secret-key-not-for-production-use-0123456789"
ENV_READ = re.compile(r"\benv_(?:str|bool|int|list)\(\s*\"([A-Z][A-Z0-9_]*)\"")

SHOW_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "port": db.get("PORT", ""), "user": db.get("USER", ""),
    "pool": db.get("OPTIONS", {}).get("pool"),
    "cache": settings.CACHES["default"]["BACKEND"], "session": settings.SESSION_ENGINE,
    "debug": settings.DEBUG, "secure_cookies": settings.SESSION_COOKIE_SECURE,
    "allowed_hosts": settings.ALLOWED_HOSTS, "idle": settings.SESSION_COOKIE_AGE,
}))
"""


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python manage.py ARGS` with a clean environment: only PATH, HOME and `env`."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PREAU_VAR_DIR": str(tmp_path / "var"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def show_settings(tmp_path: Path, **env: str) -> dict:
    result = manage(tmp_path, "shell", "--no-imports", "-c", SHOW_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def migrated_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def test_migrate_creates_the_sqlite_database_at_the_database_url_path(tmp_path):
    target = tmp_path / "elsewhere" / "ent.sqlite3"
    target.parent.mkdir()

    result = manage(tmp_path, "migrate", "--noinput", DATABASE_URL=f"sqlite:///{target}")

    assert result.returncode == 0, result.stderr
    assert target.exists()
    assert {"django_migrations", "accounts_user"} <= migrated_tables(target)
    assert not (tmp_path / "var" / "preau.sqlite3").exists()


def test_without_database_url_the_database_lives_under_the_var_directory(tmp_path):
    (tmp_path / "var").mkdir()

    result = manage(tmp_path, "migrate", "--noinput")

    assert result.returncode == 0, result.stderr
    assert "django_migrations" in migrated_tables(tmp_path / "var" / "preau.sqlite3")


def test_a_postgres_database_url_configures_postgresql_with_a_pool(tmp_path):
    url = "postgres://preau:s3cret@db.example.org:5433/ent"

    shown = show_settings(tmp_path, DATABASE_URL=url, DATABASE_POOL_MAX="7")

    assert shown["engine"] == "django.db.backends.postgresql"
    assert (shown["name"], shown["host"], shown["port"], shown["user"]) == (
        "ent",
        "db.example.org",
        5433,
        "preau",
    )
    assert shown["pool"]["max_size"] == 7


def test_redis_url_switches_cache_and_sessions_to_redis(tmp_path):
    without = show_settings(tmp_path)
    with_redis = show_settings(tmp_path, REDIS_URL="redis://127.0.0.1:6390/0")

    assert without["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert with_redis["cache"] == "preau.core.cache.PreauRedisCache"
    assert with_redis["session"] == "preau.accounts.sessions.cached_db"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), (" on ", True), ("0", False), ("off", False)],
)
def test_boolean_variables_accept_the_usual_spellings(tmp_path, raw, expected):
    assert show_settings(tmp_path, DEBUG=raw)["debug"] is expected


def test_an_unreadable_boolean_is_refused_with_its_name(tmp_path):
    result = manage(tmp_path, "check", DEBUG="peut-être")

    assert result.returncode != 0
    assert "DEBUG must be a boolean (true/false), got 'peut-être'" in result.stderr


def test_an_unreadable_integer_is_refused_with_its_name(tmp_path):
    result = manage(tmp_path, "check", SESSION_IDLE_SECONDS="une heure")

    assert result.returncode != 0
    assert "SESSION_IDLE_SECONDS must be an integer" in result.stderr


@pytest.mark.parametrize("secret", [None, "", DEV_SECRET])
def test_production_refuses_a_missing_or_development_secret_key(tmp_path, secret):
    env = {"PREAU_ENV": "production", "ALLOWED_HOSTS": "ent.example.org"}
    if secret is not None:
        env["SECRET_KEY"] = secret

    result = manage(tmp_path, "check", "--deploy", **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set to a long random value in production" in result.stderr


def test_production_with_a_real_secret_passes_the_deploy_checks(tmp_path):
    env = {"PREAU_ENV": "production", "SECRET_KEY": PROD_SECRET, "ALLOWED_HOSTS": "ent.example.org"}

    result = manage(tmp_path, "check", "--deploy", **env)
    shown = show_settings(tmp_path, **env)

    assert result.returncode == 0, result.stderr
    assert shown["debug"] is False
    assert shown["secure_cookies"] is True
    assert shown["allowed_hosts"] == ["ent.example.org"]


def test_development_defaults_are_safe_and_local(tmp_path):
    shown = show_settings(tmp_path)

    assert shown["debug"] is False
    assert shown["allowed_hosts"] == ["127.0.0.1", "localhost"]
    assert shown["idle"] == 30 * 60


def documented_defaults() -> dict[str, str]:
    """`#NAME=value` lines of .env.example: every variable, shown with its default."""
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    matches = (re.match(r"^#([A-Z][A-Z0-9_]*)=(.*)$", line) for line in lines)
    return {match[1]: match[2] for match in matches if match}


def test_every_environment_variable_read_by_the_code_is_documented_in_env_example():
    sources = [ROOT / "config" / "settings.py", *sorted((ROOT / "preau").rglob("*.py"))]
    read = set()
    for source in sources:
        if "tests" not in source.parts:
            read |= set(ENV_READ.findall(source.read_text(encoding="utf-8")))

    assert read, "no env_* call found: the pattern is out of date"
    assert read - documented_defaults().keys() == set()


def test_the_values_shown_in_env_example_are_accepted_together(tmp_path):
    values = {name: value for name, value in documented_defaults().items() if value}
    values["PREAU_VAR_DIR"] = str(tmp_path / "var")

    result = manage(tmp_path, "check", **values)

    assert result.returncode == 0, result.stderr
