"""Dropping a throw-away PostgreSQL database (the CI's checks, the bench's S8 database) as a role
that is not a superuser.

`DROP DATABASE … WITH (FORCE)` first terminates every other session on the database, and a role
without `pg_signal_backend` may not terminate an autovacuum worker, which a database just written
to attracts: the drop then fails ("must be a member of the role whose process is being
terminated", seen once at the end of `.ci/run`'s upgrade check). A plain `DROP DATABASE` stops
autovacuum workers itself and waits up to 5 seconds for other sessions to end; FORCE is only used
for the sessions still there after that.
"""

from __future__ import annotations

from psycopg import connect, errors, sql


def drop_database(conninfo: str, name: str) -> None:
    """Drop `name` (if it exists) from the server `conninfo` points at (not to `name` itself)."""
    drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    with connect(conninfo, autocommit=True) as conn:
        try:
            conn.execute(drop)
        except errors.ObjectInUse:
            conn.execute(drop + sql.SQL(" WITH (FORCE)"))
