"""The synthetic académie, loaded with COPY into the real Préau tables.

Rows have the shape the directory services write for an imported school (`bench.people` says who
is in it): users, profile and function assignments, classes, class memberships, parent links, the
derived groups and their members (as `refresh_derived_groups` builds them), the wide groups of
the académie, its circonscriptions and collectivités (rows only: their members are computed,
ADR 0047), and the default communication rules. One inspector (profile `inspection`) per
circonscription of 30 schools; one académie admin (`ACADEMIE_ADMIN_LOGIN`).
Ids are assigned here (identity columns accept them) and the sequences are moved past them.
Every bench account has the password `BENCH_PASSWORD` (one Argon2id hash, computed once) and a
login `bench.<school>.<kind><n>`, so that the load generator can log in as anyone.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench.people import CLASS_LEVELS, CLASS_NAMES, CLASSES, SchoolPeople, school_people
from bench.tables import GROUP_LABELS, TABLE_ORDER, Context, Ids, Tables, copy_tables

SCALES = {"full": 1530, "small": 153, "tiny": 3}
BENCH_PASSWORD = "preau-bench-2026"
SCHOOLS_PER_CIRCONSCRIPTION, SCHOOLS_PER_COLLECTIVITE = 30, 5


def bench_login(school: int, kind: str, n: int) -> str:
    return f"bench.{school:04d}.{kind}{n:03d}"


def parent_login(school: int, n: int) -> str:
    return bench_login(school, "p", n)


def inspector_login(circonscription: int) -> str:
    return f"bench.ien{circonscription:03d}"


ACADEMIE_ADMIN_LOGIN = "bench.rectorat"


def build_school(ctx: Context, n: int, circ: int, coll: int) -> None:
    """Every row of school `n` (cross-school groups are added once all schools are built)."""
    people = school_people(n, ctx.year)
    school = ctx.ids.take("directory_school")
    ctx.t.add(
        "directory_school",
        (
            "id",
            "uai",
            "name",
            "sector",
            "kind",
            "circonscription_id",
            "collectivite_id",
            "commune",
            "address",
            "rpi_id",
            "pupil_password_rule",
        ),
        (
            school,
            people.uai,
            people.name,
            "public",
            "primaire",
            circ,
            coll,
            f"Commune {n % 400}",
            "",
            None,
            "standard",
        ),
    )
    classes = [ctx.ids.take("directory_schoolclass") for _ in range(CLASSES)]
    for c, cid in enumerate(classes):
        level = json.dumps([CLASS_LEVELS[c]])
        ctx.t.add(
            "directory_schoolclass",
            ("id", "school_id", "school_year", "name", "levels", "archived_at"),
            (cid, school, ctx.year, CLASS_NAMES[c], level, None),
        )
    pupils = [
        ctx.user(bench_login(n, "e", p.index), p.first_name, p.last_name, "", p.birth_date)
        for p in people.pupils
    ]
    parents = [
        ctx.user(bench_login(n, "p", a.index), a.first_name, a.last_name, a.email)
        for a in people.parents
    ]
    teachers = [
        ctx.user(bench_login(n, "t", a.index), a.first_name, a.last_name, a.email)
        for a in people.teachers
    ]
    for kind, uids in (("eleve", pupils), ("responsable", parents), ("enseignant", teachers)):
        for uid in uids:
            ctx.profile(uid, kind, school)
    ctx.function(teachers[0], "directeur", school=school)
    ctx.circ_teachers.setdefault(circ, []).extend(teachers)
    ctx.coll_directors.setdefault(coll, []).append(teachers[0])
    _places(
        ctx,
        people,
        school,
        classes,
        {"eleve": pupils, "responsable": parents, "enseignant": teachers},
    )
    for code, enabled in ctx.rules.items():
        ctx.t.add(
            "communication_communicationrule",
            ("id", "school_id", "school_class_id", "code", "enabled", "updated_at"),
            (ctx.ids.take("communication_communicationrule"), school, None, code, enabled, ctx.now),
        )


def _places(
    ctx: Context, people: SchoolPeople, school: int, classes: list[int], users: dict[str, list[int]]
) -> None:
    cm_cols = ("id", "user_id", "school_class_id", "role", "level", "ended_at")
    members: dict[tuple[int, str], set[int]] = {}
    for pupil in people.pupils:
        uid, cid = users["eleve"][pupil.index], classes[pupil.class_index]
        ctx.t.add(
            "directory_classmembership",
            cm_cols,
            (ctx.ids.take("directory_classmembership"), uid, cid, "eleve", pupil.level, None),
        )
        members.setdefault((cid, "eleve"), set()).add(uid)
    for t, uid in enumerate(users["enseignant"]):
        cid = classes[people.teacher_class(t)]
        ctx.t.add(
            "directory_classmembership",
            cm_cols,
            (ctx.ids.take("directory_classmembership"), uid, cid, "enseignant", "", None),
        )
        members.setdefault((cid, "enseignant"), set()).add(uid)
    for parent, child in people.links:
        parent_id, child_id = users["responsable"][parent], users["eleve"][child]
        ctx.t.add(
            "directory_parentlink",
            (
                "id",
                "parent_id",
                "child_id",
                "parental_authority",
                "relationship",
                "contact_priority",
                "source",
            ),
            (ctx.ids.take("directory_parentlink"), parent_id, child_id, True, "autre", 1, "onde"),
        )
        cid = classes[people.pupils[child].class_index]
        members.setdefault((cid, "responsable"), set()).add(parent_id)
    for profile, label in GROUP_LABELS.items():
        ctx.group(
            "school_profile",
            f"{people.name} – {label}",
            profile,
            users.get(profile, []),
            school=school,
        )
    for c, cid in enumerate(classes):
        for profile in ("eleve", "responsable", "enseignant", "personnel"):
            name = (
                f"Parents de {CLASS_NAMES[c]}"
                if profile == "responsable"
                else f"{CLASS_NAMES[c]} – {GROUP_LABELS[profile]}"
            )
            ctx.group(
                "class_profile",
                name,
                profile,
                members.get((cid, profile), set()),
                school=school,
                school_class=cid,
            )


@dataclass(frozen=True)
class LoadReport:
    schools: int
    rows: int
    seconds: float
    copy_seconds: float


def load_academie(connection: Any, schools: int, year: int, password_hash: str) -> LoadReport:
    """Loads `schools` bench schools (does nothing if they are already there)."""
    from preau.communication.catalogue import DEFAULTS

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM directory_school WHERE name LIKE 'École bench %%'")
        if cursor.fetchone()[0] >= schools:
            return LoadReport(schools, 0, 0.0, 0.0)
        academie, departement = _structures(cursor)
        ctx = Context(
            year,
            datetime.now(UTC),
            password_hash,
            academie,
            departement,
            Tables(),
            Ids(cursor, TABLE_ORDER),
            dict(DEFAULTS),
        )
        circs: dict[int, int] = {}
        colls: dict[int, int] = {}
        for n in range(schools):
            circ = _circonscription(ctx, n // SCHOOLS_PER_CIRCONSCRIPTION, circs)
            coll = _collectivite(ctx, n // SCHOOLS_PER_COLLECTIVITE, colls)
            build_school(ctx, n, circ, coll)
        _cross_school_groups(ctx, circs, colls)
        copy_started = time.perf_counter()
        copy_tables(cursor, ctx.t)
        copy_seconds = time.perf_counter() - copy_started
        cursor.execute("ANALYZE")
    connection.commit()
    return LoadReport(schools, ctx.t.count(), time.perf_counter() - started, copy_seconds)


def _cross_school_groups(ctx: Context, circs: dict[int, int], colls: dict[int, int]) -> None:
    from preau.directory.audiences import WIDE_GROUPS

    academie = WIDE_GROUPS["academie_profile"]
    for profile in academie.profiles:
        name = academie.names[profile].format(name="Bench")
        ctx.group(academie.kind, name, profile, [], academie=ctx.academie)
    admin = ctx.user(ACADEMIE_ADMIN_LOGIN, "Rémi", "Rectorat", "")
    ctx.function(admin, "admin_academique", academie=ctx.academie)
    for scope, structures in (("circonscription", circs), ("collectivite", colls)):
        wide = WIDE_GROUPS[f"{scope}_profile"]
        label = "Circonscription" if scope == "circonscription" else "Commune"
        for k, structure in structures.items():
            for profile in wide.profiles:
                name = wide.names[profile].format(name=f"{label} bench {k}")
                ctx.group(wide.kind, name, profile, [], **{scope: structure})
    for k, circ in circs.items():
        ctx.group(
            "circonscription_teachers",
            f"Enseignants – Circonscription bench {k}",
            "enseignant",
            ctx.circ_teachers.get(circ, []),
            circonscription=circ,
        )
        inspector = ctx.user(inspector_login(k), "Inès", f"Inspectrice {k}", "")
        ctx.profile(inspector, "inspection", None, circ)
    for k, coll in colls.items():
        ctx.group(
            "collectivite_directors",
            f"Directeurs d'école – Commune bench {k}",
            "",
            ctx.coll_directors.get(coll, []),
            collectivite=coll,
        )


def _circonscription(ctx: Context, k: int, seen: dict[int, int]) -> int:
    if k not in seen:
        seen[k] = ctx.ids.take("directory_circonscription")
        ctx.t.add(
            "directory_circonscription",
            ("id", "departement_id", "code", "name"),
            (seen[k], ctx.departement, f"BENCH-C{k:03d}", f"Circonscription bench {k}"),
        )
    return seen[k]


def _collectivite(ctx: Context, k: int, seen: dict[int, int]) -> int:
    if k not in seen:
        seen[k] = ctx.ids.take("directory_collectivite")
        ctx.t.add(
            "directory_collectivite",
            ("id", "academie_id", "kind", "name", "siren", "insee_code"),
            (seen[k], ctx.academie, "commune", f"Commune bench {k}", "", ""),
        )
    return seen[k]


def _structures(cursor: Any) -> tuple[int, int]:
    cursor.execute(
        "INSERT INTO directory_academie (code, name) VALUES ('BENCH', 'Académie bench') "
        "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id"
    )
    academie = cursor.fetchone()[0]
    cursor.execute(
        "INSERT INTO directory_departement (academie_id, code, name) VALUES (%s, 'B01', 'Bench') "
        "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id",
        [academie],
    )
    return academie, cursor.fetchone()[0]
