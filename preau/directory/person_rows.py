"""Where a person stands, read in one `UNION ALL` query (ADR 0046).

Every page of the portal starts from the person's context: their profiles, functions, schools,
classes and, for a parent, their children with their classes. Read as six ORM queries it cost
six round trips, and composing them through the ORM (a union of annotated querysets) cost more
CPU than the rest of the home page; here each source is one branch of a single hand-written
`UNION ALL` over the models' tables, every branch selecting the same columns (NULL where a branch
has nothing). The `Row` fields below name those columns, in order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from preau.accounts.models import User
from preau.core.sql import fetch_all_prepared, table_names, typed_nulls
from preau.directory.models import (
    Circonscription,
    ClassMembership,
    Collectivite,
    FunctionAssignment,
    ParentLink,
    Profile,
    ProfileAssignment,
    School,
    SchoolClass,
)
from preau.directory.schoolyear import current_school_year

PROFILE, FUNCTION, MEMBERSHIP, CHILD = "P", "F", "M", "C"


@dataclass(frozen=True)
class Row:
    """One fact about the person or one of their children."""

    kind: str
    owner: int
    code: str | None
    school: int | None
    uai: str | None
    school_name: str | None
    school_class: int | None
    class_name: str | None
    levels: list[str] | None
    year: int | None
    circ: str | None
    coll: str | None
    first: str | None
    last: str | None
    usage: str | None


def person_rows(user_id: int) -> list[Row]:
    """All the facts in one query, whatever the number of children, classes and schools."""
    return rows_of(person_row_values(user_id))


def rows_of(values: list[tuple[Any, ...]]) -> list[Row]:
    """`person_row_values`' tuples as `Row`s."""
    return [_row(row) for row in values]


def person_row_values(user_id: int) -> list[tuple[Any, ...]]:
    """The query's rows as the database driver gives them (plain tuples, cheap to digest: the
    home page's cache compares them before building anything from them, ADR 0060)."""
    sql = _sql()
    year = current_school_year()
    params: list[int | bool | str] = [
        user_id,  # my profiles
        *(user_id, True, Profile.ELEVE),  # my children's pupil profiles
        user_id,  # my functions
        *(user_id, year),  # my classes
        *(user_id, True, ClassMembership.Role.ELEVE, year),  # my children's classes
        *(user_id, True),  # my children
    ]
    return fetch_all_prepared(sql, params)


def _row(values: tuple[Any, ...]) -> Row:
    row = Row(*values)
    if isinstance(row.levels, str):  # SQLite (and PostgreSQL's jsonb as text) give JSON text
        return replace(row, levels=json.loads(row.levels))
    return row


@cache
def _sql() -> str:
    """The query, with table names from the models (computed once per process)."""
    t = table_names(
        ClassMembership, Circonscription, Collectivite, FunctionAssignment, ParentLink,
        ProfileAssignment, School, SchoolClass, User,
    )  # fmt: skip
    # Only table names and typed NULLs are interpolated (preau.core.sql); values are parameters.
    nulls = typed_nulls()
    n_int, n_text, n_json = nulls.int, nulls.text, nulls.json
    memberships = f"""SELECT '{MEMBERSHIP}', m.user_id, m.role, s.id, s.uai, s.name, c.id, c.name,
       c.levels, c.school_year, {n_text}, {n_text}, {n_text}, {n_text}, {n_text}
  FROM {t["ClassMembership"]} m
  JOIN {t["SchoolClass"]} c ON c.id = m.school_class_id
  JOIN {t["School"]} s ON s.id = c.school_id
"""  # noqa: S608
    current = "m.ended_at IS NULL AND c.school_year = %s AND c.archived_at IS NULL"
    return f"""
SELECT '{PROFILE}', pa.user_id, pa.profile, s.id, s.uai, s.name, {n_int}, {n_text}, {n_json},
       {n_int}, ci.name, co.name, {n_text}, {n_text}, {n_text}
  FROM {t["ProfileAssignment"]} pa
  LEFT JOIN {t["School"]} s ON s.id = pa.school_id
  LEFT JOIN {t["Circonscription"]} ci ON ci.id = pa.circonscription_id
  LEFT JOIN {t["Collectivite"]} co ON co.id = pa.collectivite_id
 WHERE pa.user_id = %s
UNION ALL
SELECT '{PROFILE}', pa.user_id, pa.profile, s.id, s.uai, s.name, {n_int}, {n_text}, {n_json},
       {n_int}, {n_text}, {n_text}, {n_text}, {n_text}, {n_text}
  FROM {t["ParentLink"]} pl
  JOIN {t["ProfileAssignment"]} pa ON pa.user_id = pl.child_id
  LEFT JOIN {t["School"]} s ON s.id = pa.school_id
 WHERE pl.parent_id = %s AND pl.parental_authority = %s AND pa.profile = %s
UNION ALL
SELECT '{FUNCTION}', fa.user_id, fa.function, s.id, s.uai, s.name, {n_int}, {n_text}, {n_json},
       {n_int}, {n_text}, co.name, {n_text}, {n_text}, {n_text}
  FROM {t["FunctionAssignment"]} fa
  LEFT JOIN {t["School"]} s ON s.id = fa.school_id
  LEFT JOIN {t["Collectivite"]} co ON co.id = fa.collectivite_id
 WHERE fa.user_id = %s
UNION ALL
{memberships} WHERE m.user_id = %s AND {current}
UNION ALL
{memberships} JOIN {t["ParentLink"]} pl ON pl.child_id = m.user_id
 WHERE pl.parent_id = %s AND pl.parental_authority = %s AND m.role = %s AND {current}
UNION ALL
SELECT '{CHILD}', u.id, u.login, {n_int}, {n_text}, {n_text}, {n_int}, {n_text}, {n_json},
       {n_int}, {n_text}, {n_text}, u.first_name, u.last_name, u.usage_name
  FROM {t["ParentLink"]} pl
  JOIN {t["User"]} u ON u.id = pl.child_id
 WHERE pl.parent_id = %s AND pl.parental_authority = %s
"""  # noqa: S608
