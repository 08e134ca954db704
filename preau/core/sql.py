"""Helpers for the few hand-written statements of the hot path (ADR 0046).

Table names come from the models, every value is a parameter, and the NULLs of a `UNION ALL`
are typed, since PostgreSQL types a union's columns branch by branch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection, connections
from django.db.models import Model
from django.db.models.expressions import RawSQL


@dataclass(frozen=True)
class Nulls:
    int: str
    text: str
    json: str


class PersonText(str):
    """Text that comes from a person (a search's pattern…): `constants_inlined` leaves it a
    parameter, so that it is never written into a statement's text and a prepared statement
    serves every search of the same shape."""


def table_names(*models: type[Model]) -> dict[str, str]:
    """{"School": '"directory_school"', …}: each model's quoted table name, by class name."""
    return {model.__name__: connection.ops.quote_name(model._meta.db_table) for model in models}


def typed_nulls() -> Nulls:
    if connection.vendor == "postgresql":
        return Nulls("CAST(NULL AS BIGINT)", "CAST(NULL AS TEXT)", "CAST(NULL AS JSONB)")
    return Nulls("CAST(NULL AS BIGINT)", "CAST(NULL AS TEXT)", "NULL")


def fetch_all(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_all_prepared(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """`fetch_all` for a statement run on every page: prepared on PostgreSQL (`hot_cursor`)."""
    with hot_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def hot_cursor(using: str = "default") -> Any:
    """A cursor for the statements every page runs: prepared on PostgreSQL (ADR 0054).

    Django binds parameters on the client and never prepares, so PostgreSQL plans each execution
    again: for the person's `UNION ALL` that planning costs several times its execution. This
    cursor binds on the server, and psycopg prepares each statement on the connection at its
    first execution and reuses it while the connection lives (the pool keeps it). Only where the
    settings enable it (`prepare_threshold`, set with Django's pool, never behind pgbouncer's
    transaction pooling); elsewhere, and on SQLite, Django's own cursor. Django's cursor wrapper
    runs it either way (execute wrappers, errors); while queries are logged (DEBUG, tests that
    count them, the benchmark's capture of the home page's SQL) Django's own cursor runs the same
    statement, since Django cannot show a server-bound one with its values."""
    db = connections[using]
    if (
        db.vendor != "postgresql"
        or db.settings_dict["OPTIONS"].get("prepare_threshold") is None
        or db.queries_logged
    ):
        return db.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    db.ensure_connection()
    return db._prepare_cursor(ServerBindingCursor(db.connection))  # type: ignore[attr-defined]


_PLACEHOLDER = re.compile(r"%%|%s")


def constants_inlined(sql: str, params: Sequence[Any]) -> tuple[str, list[Any]]:
    """On PostgreSQL, `sql` with its string and boolean parameters written as literals (quoted by
    the driver), the others (ids, numbers, dates, arrays) left as parameters.

    For a prepared statement whose strings are the code's own constants (a group's kind, a
    profile, a role, a level): PostgreSQL plans it once for all executions (a generic plan) and
    cannot see what a parameter holds, so with its constants as parameters it must plan for any
    kind of group, e.g. hash every wide group of the académie. Text from a person is passed as
    `PersonText` and stays a parameter. On
    SQLite, and with client-side binding, values end up in the statement's text anyway.

    The text is rewritten once per statement and set of constants (cached): a send runs the same
    few statements again and again (ADR 0063)."""
    if connection.vendor != "postgresql":
        return sql, list(params)
    constants = tuple((i, value) for i, value in enumerate(params) if _constant(value))
    text = _inlined(sql, constants, len(params))
    return text, [value for value in params if not _constant(value)]


def _constant(value: Any) -> bool:
    return isinstance(value, (str, bool)) and not isinstance(value, PersonText)


@lru_cache(maxsize=512)
def _inlined(sql: str, constants: tuple[tuple[int, str | bool], ...], count: int) -> str:
    """`sql` with the parameters at the positions of `constants` written as their literals."""
    literals = dict(constants)
    position = iter(range(count + 1))

    def replace(match: re.Match[str]) -> str:
        if match.group() == "%%":
            return "%%"
        i = next(position)
        assert i < count, "more placeholders than parameters"
        return _literal(literals[i]) if i in literals else "%s"

    text = _PLACEHOLDER.sub(replace, sql)
    assert next(position) == count, "more parameters than placeholders"
    return text


@lru_cache(maxsize=256, typed=True)
def _literal(value: str | bool) -> str:
    """A constant quoted by the driver (once per process: quoting builds a client cursor)."""
    return str(connection.ops.compose_sql("%s", [value])).replace("%", "%%")  # type: ignore[attr-defined]


def id_list(ids: Iterable[int]) -> Any:
    """For `field__in=id_list(ids)`: one array parameter on PostgreSQL, where Django would prepare
    and send one parameter per id (a large share of an import's time for lists of hundreds)."""
    values = list(ids)
    if connection.vendor != "postgresql":
        return values
    return RawSQL("SELECT unnest(%s::bigint[])", (values,))
