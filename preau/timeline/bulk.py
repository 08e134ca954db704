"""One-statement fan-out: `INSERT INTO … SELECT … ON CONFLICT DO NOTHING`.

Writing one row per recipient without bringing the ids back to Python: the database reads the
recipients (an indexed semi-join built with the ORM) and inserts in the same statement. Re-running
it inserts nothing twice (the table's unique constraint), which makes the fan-out tasks idempotent.
Portable to SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.db.models import QuerySet


def insert_select(
    model: type[models.Model],
    constants: dict[str, Any],
    target: str,
    source: QuerySet[Any, Any],
    conflict: tuple[str, ...],
) -> int:
    """Insert one row per value of `source` (a one-column `values()` queryset) into `target`.

    `constants` are the other columns (field name → value). Returns the rows inserted.
    """
    connection = connections[source.db]
    fields = [model._meta.get_field(name) for name in constants]
    columns = [str(f.column) for f in fields] + [str(model._meta.get_field(target).column)]  # type: ignore[union-attr]
    values = [
        f.get_db_prep_save(value, connection)  # type: ignore[union-attr]
        for f, value in zip(fields, constants.values(), strict=True)
    ]
    sub_sql, sub_params = source.query.get_compiler(using=source.db).as_sql()
    qn = connection.ops.quote_name
    conflict_columns = ", ".join(qn(str(model._meta.get_field(n).column)) for n in conflict)  # type: ignore[union-attr]
    placeholders = ", ".join(["%s"] * len(values))
    # Identifiers come from the model's metadata and the subquery from Django's compiler; every
    # value is a parameter.
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"SELECT {placeholders}, src.* FROM ({sub_sql}) src WHERE 1 = 1 "
        f"ON CONFLICT ({conflict_columns}) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *sub_params])
        return max(cursor.rowcount, 0)


def next_batch_end(source: QuerySet[Any, Any], key: str, after: int, size: int) -> int | None:
    """The `size`-th value of `key` above `after` (or the last one): batches by ranges of ids.

    Keyset batching: each batch is `after < key <= end`, read in index order, so a task that stops
    half-way resumes where it was and no batch grows with the table.
    """
    ordered = source.filter(**{f"{key}__gt": after}).order_by(key).values_list(key, flat=True)
    end = list(ordered[size - 1 : size])
    if end:
        return int(end[0])
    last = ordered.aggregate(last=models.Max(key))["last"]
    return int(last) if last is not None else None
