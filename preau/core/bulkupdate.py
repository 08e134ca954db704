"""Update many rows at once: one `UPDATE … FROM unnest(…)` per batch on PostgreSQL (ADR 0053).

Django's `bulk_update` writes `SET col = CASE WHEN id = 1 THEN … WHEN id = 2 THEN … END` for
every column, with every value (and every id, twice) as its own parameter: for an import that
renames a few hundred accounts the statement is tens of thousands of parameters that Python
prepares one by one and PostgreSQL plans as one long CASE per row. Here each column travels as
one array parameter instead:

    UPDATE "t" SET "a" = v."a", "b" = v."b"
    FROM unnest(%s::bigint[], %s::text[], %s::date[]) AS v("id", "a", "b")
    WHERE "t"."id" = v."id"

- Values are prepared as `bulk_update` prepares them (`get_db_prep_save` of each field, so JSON
  goes through the field's adapter); no `pre_save`, as with `bulk_update` (`auto_now` is not
  applied).
- Arrays are cast to the column's type without its length (`varchar(150)` → `varchar`): an
  explicit cast to `varchar(n)` would silently truncate, while the assignment to the column still
  refuses a value that is too long, as `bulk_update` does.
- The statement goes through Django's cursor, so it is counted in `connection.queries` and by
  `execute_wrapper`.
- A row listed twice is written once, with the values of its last instance (a join would pick
  one arbitrarily, `bulk_update`'s CASE the first).
- Off PostgreSQL (SQLite, the embedded mode) this is `bulk_update`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import connections, models

BATCH = 5000  # rows per statement: one array parameter per column whatever the size
BULK_UPDATE_BATCH = 500  # off PostgreSQL


def update(model: type[models.Model], objs: Sequence[Any], fields: Sequence[str]) -> int:
    """Write `fields` (names) of `objs` to their rows of `model`; returns rows updated.

    `objs` are saved instances of `model`, or any objects with its `pk` and the fields'
    attributes (the imports' slotted records): only those attributes are read."""
    if not objs:
        return 0
    if any(obj.pk is None for obj in objs):
        raise ValueError("Every instance to update must have a primary key.")
    rows = list({obj.pk: obj for obj in objs}.values())  # a row listed twice: its last values
    manager = model._default_manager
    connection = connections[manager.db]
    if connection.vendor != "postgresql":
        instances = [_instance(model, obj, fields) for obj in rows]
        return int(manager.bulk_update(instances, list(fields), batch_size=BULK_UPDATE_BATCH))
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    columns = [_field(meta, name) for name in fields]
    sql = _statement(connection, meta.db_table, pk, columns)
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            params: list[list[Any]] = [[obj.pk for obj in batch]]
            params += [
                [f.get_db_prep_save(getattr(obj, f.attname), connection) for obj in batch]
                for f in columns
            ]
            cursor.execute(sql, params)
            updated += cursor.rowcount
    return updated


def _instance(model: type[models.Model], obj: Any, fields: Sequence[str]) -> models.Model:
    """`obj` itself when it is an instance of `model`, else an instance holding its values."""
    if isinstance(obj, model):
        return obj
    attnames = [model._meta.get_field(name).attname for name in fields]  # type: ignore[union-attr]
    return model(pk=obj.pk, **{name: getattr(obj, name) for name in attnames})


def _field(meta: Any, name: str) -> models.Field[Any, Any]:
    field = meta.get_field(name)
    assert isinstance(field, models.Field) and field.concrete and not field.primary_key
    return field


def _statement(
    connection: Any,
    table: str,
    pk: models.Field[Any, Any],
    fields: Sequence[models.Field[Any, Any]],
) -> str:
    quote = connection.ops.quote_name
    every = [pk, *fields]
    arrays = ", ".join(f"%s::{array_type(f, connection)}" for f in every)
    names = ", ".join(quote(f.column) for f in every)
    sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    return (
        f"UPDATE {quote(table)} SET {sets} FROM unnest({arrays}) AS v({names}) "  # noqa: S608
        f"WHERE {quote(table)}.{quote(pk.column)} = v.{quote(pk.column)}"
    )


def array_type(field: models.Field[Any, Any], connection: Any) -> str:
    """The array type of the column, without a length (`varchar(150)` → `varchar[]`)."""
    db_type = field.db_type(connection)
    assert db_type, f"{field} has no column type"
    return re.sub(r"\(.*\)", "", db_type).strip() + "[]"
