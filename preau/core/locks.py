"""Transaction-scoped advisory locks for writes that read before they write across schools.

Two task workers may import two schools at the same moment (ADR 0066). Where an import reads
what other schools hold and then writes from it (the logins already taken, a circonscription's
teachers' group), it first locks a name for what it is about to read ("new logins", the
circonscription); a second transaction wanting one of the same names waits until the first
commits, then reads what it wrote. The locks are released at
commit or rollback. Each caller takes all its keys of one kind in a single statement, sorted, so
two transactions never wait on each other in a cycle.

On SQLite (the embedded mode) a writing transaction already holds the whole database: nothing to
do.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from django.db import connection


class LockKind(enum.IntEnum):
    """The first half of the two-integer lock key, so that kinds never share a key."""

    LOGIN = 0x5052_0001
    CROSS_SCHOOL_GROUP = 0x5052_0002


def lock_names(kind: LockKind, names: Iterable[str]) -> int:
    """Wait for, then hold until the end of the transaction, a lock on each of `names`.

    Returns the number of distinct lock keys taken (names hash to 32-bit keys: two names sharing
    a key only wait for each other, which is harmless)."""
    if not connection.in_atomic_block:
        raise RuntimeError("Advisory locks are taken inside the writing transaction.")
    unique = sorted(set(names))
    if not unique or connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, k)) FROM ("
            " SELECT DISTINCT hashtext(n) AS k FROM unnest(%s::text[]) AS n ORDER BY k"
            ") AS keys",
            [int(kind), unique],
        )
        return int(cursor.fetchone()[0])
