"""Throw-away databases are dropped by the CI's checks and the bench without a superuser."""

import uuid

import psycopg
import pytest
from psycopg import sql

from preau.core.testing.postgres import database_conninfo
from preau.ops.pgadmin import drop_database


def _created() -> tuple[str, str]:
    server, name = database_conninfo(), f"preau_pgadmin_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server, name


def _exists(server: str, name: str) -> bool:
    with psycopg.connect(server) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


@pytest.mark.django_db
def test_pgadmin_drops_a_database_nobody_uses_and_one_that_is_gone():
    server, name = _created()

    drop_database(server, name)
    drop_database(server, name)  # already gone: nothing to do, no error

    assert not _exists(server, name)


@pytest.mark.django_db
def test_pgadmin_ends_the_sessions_still_open_on_the_database():
    server, name = _created()
    left_open = psycopg.connect(psycopg.conninfo.make_conninfo(server, dbname=name))

    drop_database(server, name)

    assert not _exists(server, name)
    with pytest.raises(psycopg.OperationalError):
        left_open.execute("SELECT 1")
    left_open.close()
