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
import time
from collections.abc import Sequence
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
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    started = time.monotonic()
    connection.ensure_connection()
    with connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row([_value(f, obj, connection) for f in fields])
    _log(connection, f"{sql} -- {len(objs)} rows", started)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _draw_ids(connection: Any, table: str, column: str, objs: Sequence[models.Model]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, len(objs)],
        )
        for obj, (value,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = value


def _value(field: models.Field[Any, Any], obj: models.Model, connection: Any) -> Any:
    value = field.pre_save(obj, add=True)
    if isinstance(field, models.JSONField):
        return field.get_db_prep_save(value, connection)
    if isinstance(value, enum.Enum):  # TextChoices members: their value, not their name
        return value.value
    return value


def _log(connection: Any, sql: str, started: float) -> None:
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
