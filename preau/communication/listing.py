"""The address book in one statement (ADR 0049): the people and the broadcast groups a sender may
write to, each already limited and ordered, with the people's profiles and schools' UAI.

`recipient_rows(reach, query, limit)` writes the SQL itself from the reach's branches
(`reach_sql`): building and compiling the same through querysets cost more than running it.
On PostgreSQL the statement is prepared, with the code's constants written in and the typed
words left as parameters (ADR 0069): planning it cost several times running it.
The caller keeps the people first and fills the remaining room with groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from preau.communication import search
from preau.communication.reach_sql import (
    Sql,
    group_ids,
    group_may_receive,
    may_receive,
    people_ids,
    tables,
)
from preau.core.sql import constants_inlined, fetch_all_prepared
from preau.directory.schoolyear import current_school_year

PERSON, GROUP = 0, 1
PROFILE_ORDER = ["enseignant", "personnel", "responsable", "eleve", "invite", "inspection"]


@dataclass(frozen=True)
class Row:
    """Person: name=last_name, first=first_name, usage=usage_name. Group: name, first=usage=''.
    One row per profile held (a person) and its school's UAI, if any."""

    kind: int
    id: int
    name: str
    first: str
    usage: str
    profile: str | None
    uai: str | None


@dataclass(frozen=True)
class Found:
    """One person or group, its profiles folded into the one to show and its schools' UAI."""

    kind: int
    id: int
    name: str
    first: str
    usage: str
    profile: str
    uai: list[str]


def recipient_rows(reach: Any, query: str, limit: int) -> list[Found]:
    """Up to `limit` people and `limit` groups reached by `reach` and matching `query`, people
    first (by name), then groups (by name): one statement, none when nobody is reached."""
    year = current_school_year()
    statement = Sql()
    people = _people(reach, query, limit, year)
    room = "%s"  # the groups fill what the people leave: none to read when they fill the page
    if people is not None:
        statement.add(f"WITH p AS ({people.joined('')})", *people.params)
        statement.add(_PEOPLE.format(**tables()))
        statement.add("UNION ALL")
        room = "%s - (SELECT COUNT(*) FROM p)"
    groups = _groups(reach, query, room, limit, year)
    statement.add(_GROUPS.format(derived=groups.joined(""), **tables()), *groups.params)
    sql, params = constants_inlined(
        statement.joined(" ") + " ORDER BY 1, 3, 4, 2", statement.params
    )
    return _folded(Row(*values) for values in fetch_all_prepared(sql, params))


def _people(reach: Any, query: str, limit: int, year: int) -> Sql | None:
    ids = people_ids(reach)
    if not ids.parts:
        return None
    live = may_receive("u", year)
    names, name_params = search.name_sql(query, ("u.first_name", "u.last_name", "u.usage_name"))
    out = Sql()
    out.add(
        f"SELECT u.id, u.first_name, u.last_name, u.usage_name FROM {tables()['User']} u"  # noqa: S608
        f" WHERE u.id IN ({ids.joined(' UNION ALL ')}) AND u.id <> %s AND {live.joined('')}"
        f"{' AND ' + names if names else ''}"
        " ORDER BY u.last_name, u.first_name, u.id LIMIT %s",
        *ids.params,
        reach.user_id,
        *live.params,
        *name_params,
        limit,
    )
    return out


def _groups(reach: Any, query: str, room: str, limit: int, year: int) -> Sql:
    t = tables()
    ids = group_ids(reach, year)
    live = group_may_receive("g", year)
    names, name_params = search.name_sql(query, ("g.name",))
    out = Sql()
    out.add(
        f"SELECT g.id, g.name, g.profile, g.school_id FROM {t['Group']} g"  # noqa: S608
        f" WHERE g.id IN ({ids.joined(' UNION ALL ')})"
        f"{' AND ' + names if names else ''}"
        f" AND {live.joined('')}"
        f" ORDER BY g.name, g.id LIMIT {room}",
        *ids.params,
        *name_params,
        *live.params,
        limit,
    )
    return out


_PEOPLE = f"""
SELECT {PERSON}, p.id, p.last_name, p.first_name, p.usage_name, pa.profile, s.uai
  FROM p
  LEFT JOIN {{ProfileAssignment}} pa ON pa.user_id = p.id
  LEFT JOIN {{School}} s ON s.id = pa.school_id
"""  # noqa: S608
_GROUPS = f"""
SELECT {GROUP}, g.id, g.name, '', '', g.profile, s.uai
  FROM ({{derived}}) g LEFT JOIN {{School}} s ON s.id = g.school_id
"""  # noqa: S608


def _folded(rows: Iterable[Row]) -> list[Found]:
    """Rows of one person (adjacent: the order ends with the id) into one `Found`."""
    rank = {p: i for i, p in enumerate(PROFILE_ORDER)}
    found: list[Found] = []
    profiles: list[str] = []
    uais: list[str] = []
    for row in rows:
        if not found or (found[-1].kind, found[-1].id) != (row.kind, row.id):
            profiles, uais = [], []
            found.append(Found(row.kind, row.id, row.name, row.first, row.usage, "", uais))
        if row.profile:
            profiles.append(row.profile)
        if row.uai and row.uai not in uais:
            uais.append(row.uai)
        profile = min(profiles, key=lambda p: rank.get(p, 99)) if profiles else ""
        found[-1] = Found(row.kind, row.id, row.name, row.first, row.usage, profile, sorted(uais))
    return found
