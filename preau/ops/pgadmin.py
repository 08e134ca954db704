"""Dropping a throw-away PostgreSQL database (the CI's checks, the bench's S8 database) as a role
that is not a superuser.

`DROP DATABASE … WITH (FORCE)` terminates every other process on the database first, autovacuum
workers included, and a role without `pg_signal_backend` may not terminate those: a database just
written to attracts one, and the drop then fails ("must be a member of the role whose process is
being terminated", seen in `.ci/run`). A plain `DROP DATABASE` stops autovacuum workers itself and
waits up to 5 seconds for other sessions to end, so the sessions this role left open are ended
first (`pg_terminate_backend`, allowed on one's own sessions), then the database is dropped.
"""

from __future__ import annotations

from psycopg import connect, errors, sql

ATTEMPTS = 3
_OWN_SESSIONS = """
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE datname = %s AND usename = current_user AND pid <> pg_backend_pid()
"""


def drop_database(conninfo: str, name: str) -> None:
    """Drop `name` (if it exists) from the server `conninfo` points at (not to `name` itself).
    Raises `psycopg.errors.ObjectInUse` if other roles keep sessions open on it."""
    drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    with connect(conninfo, autocommit=True) as conn:
        for attempt in range(1, ATTEMPTS + 1):
            conn.execute(_OWN_SESSIONS, [name])
            try:
                conn.execute(drop)
                return
            except errors.ObjectInUse:
                if attempt == ATTEMPTS:
                    raise
