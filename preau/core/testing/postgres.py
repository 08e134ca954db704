"""The test database's server as a psycopg conninfo, for tests that open connections of their own
(other processes' view of committed rows, databases created and dropped)."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection


def database_conninfo() -> str:
    """The conninfo of the test database; skips the test on SQLite."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    settings = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname=settings["NAME"],
    )
