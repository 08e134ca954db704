"""Helpers for the few hand-written statements of the hot path (ADR 0046).

Table names come from the models, every value is a parameter, and the NULLs of a `UNION ALL`
are typed, since PostgreSQL types a union's columns branch by branch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import RawSQL


@dataclass(frozen=True)
class Nulls:
    int: str
    text: str
    json: str


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


def id_list(ids: Iterable[int]) -> Any:
    """For `field__in=id_list(ids)`: one array parameter on PostgreSQL, where Django would prepare
    and send one parameter per id (a large share of an import's time for lists of hundreds)."""
    values = list(ids)
    if connection.vendor != "postgresql":
        return values
    return RawSQL("SELECT unnest(%s::bigint[])", (values,))
