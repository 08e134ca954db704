"""Read replicas: reads go to a replica, except where they must see the primary.

Enabled by `DATABASE_REPLICA_URLS` (settings add aliases `replica_1`, `replica_2`… and this router,
plus `ReadReplicaMiddleware`). A read goes to the primary when:
- the request is not a GET/HEAD/OPTIONS (it writes, so it must read its own writes);
- a write already happened in the same request or task (read-your-writes after that point);
- the primary connection is inside `transaction.atomic` (a transaction must see one snapshot).
Otherwise a replica is picked at random. Migrations run on the primary only.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_pinned: ContextVar[bool] = ContextVar("preau_db_pinned", default=False)


@contextmanager
def pinned_to_primary(pinned: bool = True) -> Iterator[None]:
    """Scope (a request, a task) whose reads start on the primary if `pinned`, else on replicas."""
    token = _pinned.set(pinned)
    try:
        yield
    finally:
        _pinned.reset(token)


def is_pinned() -> bool:
    return _pinned.get()


def replica_aliases() -> list[str]:
    return list(getattr(settings, "PREAU_DATABASE_REPLICAS", []))


class ReadReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        replicas = replica_aliases()
        if not replicas or _pinned.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)  # noqa: S311 - load spreading, not a secret

    def db_for_write(self, model: Any, **hints: Any) -> str:
        _pinned.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
