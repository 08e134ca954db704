"""ORM queries on hot paths, compiled to SQL once per process; only their values change.

Building and compiling a queryset with a few semi-joins costs milliseconds of Python; running
it costs a fraction of one. `CompiledQuery` builds the queryset once with sentinel integers in
place of its arguments, keeps the SQL and the parameter positions, and afterwards executes the
same SQL with the real values. The queryset (hence the policy it comes from) stays the one
source of truth: nothing is written twice. On PostgreSQL with Django's pool the statement is also
prepared once per connection (`core.sql.hot_cursor`, ADR 0054): a policy's semi-joins cost the
server several times more to plan than to run (ADR 0057); its string and boolean constants are
written into its text, so that its generic plan is made for them (ADR 0058).

    _download = CompiledQuery(
        lambda user_id, pk: visible_to(Viewer(user_id)).filter(pk=pk), ("name", "size")
    )
    row = _download.first(user.pk, 42)          # {"name": …, "size": …} or None
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.db import connections
from django.db.models import Count, QuerySet

from preau.core.sql import constants_inlined, hot_cursor

SENTINEL = -7_340_011_000  # never an id, a rank or a content type


@dataclass(frozen=True)
class Viewer:
    """What policies read from a signed-in person: `pk` (and `is_authenticated`)."""

    pk: int
    is_authenticated: bool = True


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[int | None, ...]  # for each parameter, the argument it comes from


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet[Any]], fields: Sequence[str]) -> None:
        self.build = build
        self.fields = tuple(fields)
        self.arity = len(inspect.signature(build).parameters)
        self._cache: dict[Hashable, _Compiled] = {}

    def _compile(self) -> _Compiled:
        sentinels = [SENTINEL - i for i in range(self.arity)]
        query = self.build(*sentinels).values_list(*self.fields)[:1].query
        # The arguments are integers; the strings and booleans are the policy's own constants
        # (kinds, roles, permissions), written in so that the prepared statement's one generic
        # plan is made for them, not for any value (ADR 0058).
        sql, params = constants_inlined(*query.sql_with_params())
        slots = tuple(sentinels.index(p) if p in sentinels else None for p in params)
        missing = set(range(self.arity)) - set(slots)
        if missing:  # an argument folded into the SQL text: the cache would be wrong
            raise ValueError(f"arguments {sorted(missing)} are not SQL parameters")
        return _Compiled(sql, tuple(params), slots)

    def first(
        self, *args: int, key: Hashable = (), using: str = "default"
    ) -> dict[str, Any] | None:
        """The first row as {field: raw database value} (meant for ids and text), or None.
        `args` are integers (ids), as the sentinels that stood for them at compile time.
        `key`: whatever else the SQL depends on (content type ids…), so that a change compiles
        it again."""
        connection = connections[using]
        cache_key = (using, connection.settings_dict["NAME"], key)
        compiled = self._cache.get(cache_key)
        if compiled is None:
            compiled = self._cache[cache_key] = self._compile()
        params = [
            value if slot is None else int(args[slot])
            for value, slot in zip(compiled.params, compiled.slots, strict=True)
        ]
        with hot_cursor(using) as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        return None if row is None else dict(zip(self.fields, row, strict=True))


class CompiledCount:
    """`build(*args).count()` compiled once, for counters every page asks (the badge's).

    The rows counted must all share the value of `per` (e.g. the person's id): the statement
    groups by it, so that `CompiledQuery` can compile it as rows; no row means 0."""

    def __init__(self, build: Callable[..., QuerySet[Any]], per: str) -> None:
        @wraps(build)  # same arguments, so the same sentinels (`inspect.signature`)
        def counted(*args: int) -> QuerySet[Any]:
            return build(*args).order_by().values(per).annotate(counted_rows=Count("pk"))

        self._query = CompiledQuery(counted, ("counted_rows",))

    def count(self, *args: int) -> int:
        row = self._query.first(*args)
        return int(row["counted_rows"]) if row else 0
