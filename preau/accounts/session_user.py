"""The signed-in person, loaded on every request by one SELECT compiled once per process (ADR 0054).

Every authenticated request loads its user (`AuthenticationMiddleware` → the backend's
`get_user`). Through the ORM, `User.objects.get(pk=…)` builds a queryset, clones it three times
(filter, order_by, limit), resolves the lookup and compiles it to SQL: about a tenth of a
millisecond of Python for a statement that the database answers in less.

Here the statement is written once per database alias from the model's `_meta` (every concrete
field's column, in the model's order; the table and columns quoted by the backend), with the
backend's and the fields' value converters (SQLite returns dates as text, for instance), and each
request only executes it: one `cursor.execute`, one row turned into a `User` by `Model.from_db`,
exactly as the ORM would (same attributes, `_state.db` and `_state.adding`). A test compares the
two for every field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models.expressions import Col

from preau.accounts.models import User
from preau.core.sql import hot_cursor

Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class _Statement:
    sql: str
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Col], ...]


_statements: dict[tuple[str, str], _Statement] = {}


def _compile(alias: str) -> _Statement:
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = User._meta
    table = quote(meta.db_table)
    fields = meta.concrete_fields
    columns = ", ".join(f"{table}.{quote(field.column)}" for field in fields)
    pk_column = quote(meta.pk.column)
    # Names from the model's _meta, quoted by the backend; the id is a parameter.
    sql = f"SELECT {columns} FROM {table} WHERE {table}.{pk_column} = %s"  # noqa: S608
    converters = []
    for position, field in enumerate(fields):
        col = field.get_col(meta.db_table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if found:
            converters.append((position, tuple(found), col))
    return _Statement(sql, tuple(field.attname for field in fields), tuple(converters))


def _statement(alias: str) -> _Statement:
    key = (alias, connections[alias].vendor)
    statement = _statements.get(key)
    if statement is None:
        statement = _statements[key] = _compile(alias)
    return statement


def load_user(user_id: Any) -> User | None:
    """`User.objects.get(pk=user_id)` (None when there is none), without building a queryset."""
    alias = router.db_for_read(User)
    statement = _statement(alias)
    connection = connections[alias]
    with hot_cursor(alias) as cursor:
        cursor.execute(statement.sql, [User._meta.pk.get_db_prep_value(user_id, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, found, col in statement.converters:
        value = values[position]
        for convert in found:
            value = convert(value, col, connection)
        values[position] = value
    return User.from_db(alias, statement.attnames, values)
