"""Insert many new rows at once: COPY on PostgreSQL, `bulk_create` elsewhere (ADR 0050).

For the pure inserts of large imports. `bulk_create` turns every value into an SQL literal of a
multi-row INSERT (most of its time is Python); COPY streams the rows, about 4 times faster. The
services keep building model instances and running their own checks first: this only replaces
the final write.

- `with_ids=True` draws the primary keys from the table's own sequence in one query first, so
  the instances have their ids afterwards, as with `bulk_create`.
- Field values are taken as `bulk_create` takes them (`pre_save`, so `auto_now_add` and defaults
  apply); JSON goes through the field's own adapter.
- No conflict handling: use `bulk_create(ignore_conflicts=…)` where rows may already exist.
- The COPY is entered in `connection.queries` like any statement, so query-count tests see it.
"""

from __future__ import annotations

import enum
import operator
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models

BATCH = 500  # for bulk_create, off PostgreSQL


def insert(
    model: type[models.Model], objs: Sequence[models.Model], *, with_ids: bool = False
) -> None:
    """Insert the unsaved instances `objs` of `model` (one table, no parents)."""
    if not objs:
        return
    manager = model._default_manager
    connection = connections[manager.db]
    if connection.vendor != "postgresql":
        manager.bulk_create(objs, batch_size=BATCH)
        return
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    if with_ids:
        _draw_ids(connection, meta.db_table, pk.column, objs)
    fields = [f for f in meta.concrete_fields if with_ids or f is not pk]
    getters = [_getter(f, connection) for f in fields]
    _copy(connection, meta.db_table, fields, ([get(obj) for get in getters] for obj in objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_values(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert rows given as plain values for `fields` (attnames, e.g. `group_id`), without
    building model instances on PostgreSQL (JSON values go through their field's adapter).
    Every other column must have a database default or accept NULL; use `insert` when a model
    default or `auto_now_add` is needed."""
    if not rows:
        return
    manager = model._default_manager
    connection = connections[manager.db]
    if connection.vendor != "postgresql":
        manager.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows])
        return
    meta = model._meta
    columns = [_field(meta, name) for name in fields]
    json = [i for i, f in enumerate(columns) if isinstance(f, models.JSONField)]
    if json:  # through the field's own adapter, as `insert` does
        rows = [_with_json(row, json, columns, connection) for row in rows]
    _copy(connection, meta.db_table, columns, rows)


def _with_json(
    row: Sequence[Any], json: list[int], columns: list[models.Field[Any, Any]], connection: Any
) -> list[Any]:
    values = list(row)
    for i in json:
        values[i] = columns[i].get_db_prep_save(values[i], connection)
    return values


def _field(meta: Any, name: str) -> models.Field[Any, Any]:
    field = meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _copy(
    connection: Any,
    table: str,
    fields: Sequence[models.Field[Any, Any]],
    rows: Iterable[Sequence[Any]],
) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(table)} ({columns}) FROM STDIN"
    started, count = time.monotonic(), 0
    connection.ensure_connection()
    with connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    _log(connection, f"{sql} -- {count} rows", started)


def _draw_ids(connection: Any, table: str, column: str, objs: Sequence[models.Model]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, len(objs)],
        )
        for obj, (value,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = value


def _getter(field: models.Field[Any, Any], connection: Any) -> Callable[[models.Model], Any]:
    """How `bulk_create` would read `field` of an instance, as far as COPY needs it."""
    if isinstance(field, models.JSONField):
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, add=True), connection)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, add=True)
    if field.choices:  # TextChoices members: their value, not their name
        return lambda obj: _plain(getattr(obj, field.attname))
    return operator.attrgetter(field.attname)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _log(connection: Any, sql: str, started: float) -> None:
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
