"""Row buffers, id allocation and COPY for the synthetic académie (`bench.dataset`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

GROUP_LABELS = {
    "eleve": "Élèves",
    "responsable": "Parents",
    "enseignant": "Enseignants",
    "personnel": "Personnels",
    "invite": "Invités",
}
GROUP_COLS = (
    "id",
    "kind",
    "name",
    "profile",
    "school_id",
    "school_class_id",
    "circonscription_id",
    "collectivite_id",
    "rpi_id",
    "owner_id",
    "needs_review",
    "academie_id",
)
USER_COLS = (
    "id",
    "password",
    "last_login",
    "is_superuser",
    "login",
    "first_name",
    "last_name",
    "usage_name",
    "email",
    "birth_date",
    "is_active",
    "is_staff",
    "date_joined",
    "activated_at",
    "blocked_at",
    "must_change_password",
)
PROFILE_COLS = (
    "id",
    "user_id",
    "profile",
    "school_id",
    "circonscription_id",
    "collectivite_id",
    "personnel_kind",
    "title",
    "created_at",
)
MEMBER_COLS = ("id", "group_id", "user_id")
FUNCTION_COLS = (
    "id",
    "user_id",
    "function",
    "school_id",
    "collectivite_id",
    "departement_id",
    "academie_id",
    "created_at",
)
TABLE_ORDER = (
    "directory_circonscription",
    "directory_collectivite",
    "directory_school",
    "directory_schoolclass",
    "accounts_user",
    "directory_profileassignment",
    "directory_functionassignment",
    "directory_classmembership",
    "directory_parentlink",
    "directory_group",
    "directory_groupmembership",
    "communication_communicationrule",
)


@dataclass
class Tables:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    columns: dict[str, Sequence[str]] = field(default_factory=dict)

    def add(self, table: str, columns: Sequence[str], row: tuple[Any, ...]) -> None:
        self.columns.setdefault(table, columns)
        self.rows.setdefault(table, []).append(row)

    def count(self) -> int:
        return sum(len(r) for r in self.rows.values())


class Ids:
    """Next free id per table, read once from the database."""

    def __init__(self, cursor: Any, tables: Iterable[str]) -> None:
        self.next: dict[str, int] = {}
        for table in tables:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')  # noqa: S608
            self.next[table] = cursor.fetchone()[0]

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


@dataclass
class Context:
    year: int
    now: datetime
    password: str
    academie: int
    departement: int
    t: Tables
    ids: Ids
    rules: dict[str, bool]
    circ_teachers: dict[int, list[int]] = field(default_factory=dict)
    coll_directors: dict[int, list[int]] = field(default_factory=dict)

    def user(self, login: str, first: str, last: str, email: str, birth: Any = None) -> int:
        uid = self.ids.take("accounts_user")
        activated = None if birth else self.now
        self.t.add(
            "accounts_user",
            USER_COLS,
            (
                uid,
                self.password,
                None,
                False,
                login,
                first,
                last,
                "",
                email,
                birth,
                True,
                False,
                self.now,
                activated,
                None,
                False,
            ),
        )
        return uid

    def profile(self, uid: int, profile: str, school: int | None, circ: int | None = None) -> None:
        self.t.add(
            "directory_profileassignment",
            PROFILE_COLS,
            (
                self.ids.take("directory_profileassignment"),
                uid,
                profile,
                school,
                circ,
                None,
                "",
                "",
                self.now,
            ),
        )

    def function(
        self, uid: int, function: str, school: int | None = None, academie: int | None = None
    ) -> None:
        row = (uid, function, school, None, None, academie, self.now)
        fid = self.ids.take("directory_functionassignment")
        self.t.add("directory_functionassignment", FUNCTION_COLS, (fid, *row))

    def group(
        self, kind: str, name: str, profile: str, members: Iterable[int], **where: Any
    ) -> int:
        gid = self.ids.take("directory_group")
        self.t.add(
            "directory_group",
            GROUP_COLS,
            (
                gid,
                kind,
                name,
                profile,
                where.get("school"),
                where.get("school_class"),
                where.get("circonscription"),
                where.get("collectivite"),
                None,
                None,
                False,
                where.get("academie"),
            ),
        )
        for uid in sorted(set(members)):
            self.t.add(
                "directory_groupmembership",
                MEMBER_COLS,
                (self.ids.take("directory_groupmembership"), gid, uid),
            )
        return gid


def copy_tables(cursor: Any, t: Tables) -> None:
    for table in TABLE_ORDER:
        rows = t.rows.get(table)
        if not rows:
            continue
        columns = ", ".join(f'"{c}"' for c in t.columns[table])
        with cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    for table in TABLE_ORDER:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
            f'(SELECT MAX(id) FROM "{table}"))'
        )
