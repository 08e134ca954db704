"""Who is who in an ONDE import: pupils, then responsables (through their children), teachers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

from preau.core.sql import id_list
from preau.directory.models import Profile, ProfileAssignment
from preau.imports import namekey
from preau.imports.matching import (
    Assignment,
    assign_by_key,
    pupil_name_index,
    resolve_child,
    user_name_key,
    user_pupil_key,
)
from preau.imports.models import ExternalId
from preau.imports.onde import OndeFiles, PupilRow, TeacherRow, match_key
from preau.imports.report import ImportReport
from preau.imports.services.state import Person, SchoolState, load_links, people, read_people


@dataclass
class Plan:
    files: OndeFiles
    pupils: Assignment
    parents: Assignment
    teachers: Assignment
    teacher_rows: list[TeacherRow]
    children_of: dict[int, list[int]] = field(default_factory=dict)  # parent row → pupil rows
    protected: set[int] = field(default_factory=set)  # ambiguous candidates: never "left"
    known: dict[str, int] = field(default_factory=dict)  # external id → user id, before the run


def make_plan(state: SchoolState, files: OndeFiles, report: ImportReport) -> Plan:
    used: set[int] = set()
    teacher_rows = merge_teacher_rows(files.teachers or [])
    known = _known_ids(state, files, teacher_rows)
    pupils = _known_first(
        files.pupils, known, used, lambda rows: _match_pupils(state, rows, used), files.source
    )
    children_of = _children(files, report) if files.links is None else _linked(files)
    parents = _match_parents(state, files, pupils, children_of, used, known)
    teachers = _known_first(
        teacher_rows, known, used, lambda rows: _match_teachers(state, rows, used), files.source
    )
    plan = Plan(files, pupils, parents, teachers, teacher_rows, children_of, known=known)
    _report_ambiguous(plan, report)
    return plan


def _known_ids(state: SchoolState, files: OndeFiles, teachers: list[TeacherRow]) -> dict[str, int]:
    """Accounts already holding the feed's join keys (one query, none for ONDE files)."""
    keys = {r.external_id for rows in (files.pupils, files.parents, teachers) for r in rows}
    ines = {r.national_id for r in files.pupils} - {""}
    keys.discard("")
    if not keys and not ines:
        return {}
    known = {}
    found = ExternalId.objects.filter(
        Q(source=files.source, value__in=keys) | Q(source="ine", value__in=ines)
    )
    for (source, value), person in read_people(found, ["source", "value"], "user"):
        known[f"{source}:{value}"] = person.pk
        state.users.setdefault(person.pk, person)
    return known


def _known_first(
    rows: Sequence[Any],
    known: dict[str, int],
    used: set[int],
    match_rest: Callable[[list[Any]], Assignment],
    source: str,
) -> Assignment:
    """Rows whose join key (or INE) is known are that account; the others go through matching."""
    pre: dict[int, int] = {}
    for index, row in enumerate(rows):
        uid = _known_uid(row, known, source)
        if uid is not None and uid not in used:
            pre[index] = uid
            used.add(uid)
    if not pre:
        return match_rest(list(rows))
    rest = [i for i in range(len(rows)) if i not in pre]
    sub = match_rest([rows[i] for i in rest])
    return Assignment(
        matched=pre | {rest[i]: uid for i, uid in sub.matched.items()},
        new=[rest[i] for i in sub.new],
        ambiguous={rest[i]: c for i, c in sub.ambiguous.items()},
        possible_duplicates={rest[i]: c for i, c in sub.possible_duplicates.items()},
    )


def _known_uid(row: Any, known: dict[str, int], source: str) -> int | None:
    if row.external_id and f"{source}:{row.external_id}" in known:
        return known[f"{source}:{row.external_id}"]
    national = getattr(row, "national_id", "")
    return known.get(f"ine:{national}") if national else None


def _linked(files: OndeFiles) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {p: [] for p in range(len(files.parents))}
    for parent_row, pupil_row in files.links or []:
        children[parent_row].append(pupil_row)
    return children


def _match_pupils(state: SchoolState, rows: list[PupilRow], used: set[int]) -> Assignment:
    pool: dict[Any, list[int]] = defaultdict(list)
    for user in state.with_profile(Profile.ELEVE):
        pool[user_pupil_key(user)].append(user.pk)
    result = assign_by_key(
        rows, lambda r: r.key, pool, lambda r, uid: state.last_class.get(uid) == r.class_name, used
    )
    if result.new:  # pupils moving in from another school keep their account
        sub = list(result.new)
        met: dict[int, Person] = {}
        outside = _pupils_elsewhere(state, {rows[i].key for i in sub}, met)
        again = assign_by_key(
            [rows[i] for i in sub], lambda r: r.key, outside, lambda r, uid: False, used
        )
        result.new = [sub[i] for i in again.new]
        result.matched.update({sub[i]: uid for i, uid in again.matched.items()})
        result.ambiguous.update({sub[i]: c for i, c in again.ambiguous.items()})
        for uid in again.matched.values():  # read with their keys: no second query
            state.users.setdefault(uid, met[uid])
    return result


def _pupils_elsewhere(
    state: SchoolState, keys: set[Any], met: dict[int, Person] | None = None
) -> dict[Any, list[int]]:
    """Pupils of other schools that may have one of these keys (last name, first name, birth
    date), by key; `met` receives them as `Person`s, so that those taken need no second query.
    Read for the pupils born on those dates; on PostgreSQL, found through the index of their
    `last|first|day` key (`namekey.pupil_key`): a first import of a school asks for every date of
    its file, a tenth of an académie's pupils."""
    pool: dict[Any, list[int]] = defaultdict(list)
    if not keys:
        return pool
    pupils = ProfileAssignment.objects.filter(profile=Profile.ELEVE).values("user_id")
    found = get_user_model().objects.filter(pk__in=pupils).exclude(pk__in=id_list(state.users))
    if connection.vendor == "postgresql":
        found = _same_key(found, namekey.pupil_keys(keys))
    else:
        found = found.filter(birth_date__in={k[2] for k in keys})
    for _, person in read_people(found.order_by()):
        pool[(match_key(person.last_name), match_key(person.first_name), person.birth_date)].append(
            person.pk
        )
        if met is not None:
            met[person.pk] = person
    return pool


def _same_key(users: QuerySet[Any], keys: set[str]) -> QuerySet[Any]:
    """Keep the users whose `last|first|day` key is one of `keys`: lookups in the key's index
    (imports migration 0006)."""
    table = connection.ops.quote_name(get_user_model()._meta.db_table)
    key = RawSQL(namekey.pupil_key(table), ())  # noqa: S611 (names from the model, no value)
    return users.annotate(pupil_key=key).filter(pupil_key__in=keys)


def _children(files: OndeFiles, report: ImportReport) -> dict[int, list[int]]:
    index = pupil_name_index(files.pupils)
    children: dict[int, list[int]] = {}
    for p, row in enumerate(files.parents):
        found = []
        for child in row.children:
            pupil = resolve_child(child, files.pupils, index)
            if pupil is None:
                report.ambiguous.append(
                    {
                        "kind": "child_not_found",
                        "file": "responsables",
                        "line": row.line,
                        "message": f"Enfant « {child.first_name} {child.last_name} » "
                        f"({child.class_name or 'classe inconnue'}) introuvable ou ambigu parmi "
                        "les élèves : lien non créé.",
                    }
                )
            elif pupil not in found:
                found.append(pupil)
        children[p] = found
    return children


def _match_parents(
    state: SchoolState,
    files: OndeFiles,
    pupils: Assignment,
    children_of: dict[int, list[int]],
    used: set[int],
    known: dict[str, int],
) -> Assignment:
    known_children = set(pupils.matched.values())
    linked_parents = load_links(state, known_children)
    candidates: dict[int, Any] = {u.pk: u for u in state.with_profile(Profile.RESPONSABLE)}
    candidates.update(linked_parents)
    candidates.update(_parents_by_email(state, files, candidates))
    by_name: dict[Any, list[int]] = defaultdict(list)
    for user in candidates.values():
        by_name[user_name_key(user)].append(user.pk)
    result = Assignment()
    for p, row in enumerate(files.parents):
        uid = _known_uid(row, known, files.source)
        if uid is not None and uid not in used:
            result.matched[p] = uid
            used.add(uid)
            continue
        kids = {pupils.matched[c] for c in children_of[p] if c in pupils.matched}
        named = [uid for uid in by_name.get(row.name_key, []) if uid not in used]
        if children_of[p] and all(c in pupils.ambiguous for c in children_of[p]):
            result.held[p] = named  # nothing to tell this parent by until a human decides
            continue
        sure = [
            uid
            for uid in named
            if any((uid, kid) in state.links for kid in kids)
            or (row.email and candidates[uid].email.lower() == row.email)
        ]
        if len(sure) == 1:
            result.matched[p] = sure[0]
            used.add(sure[0])
            state.users.setdefault(sure[0], candidates[sure[0]])
        elif len(sure) > 1:
            result.ambiguous[p] = sure
        else:
            result.new.append(p)
            if by_name.get(row.name_key):  # same name, nothing in common: flagged for a human
                result.possible_duplicates[p] = list(by_name[row.name_key])
    return result


def _parents_by_email(
    state: SchoolState, files: OndeFiles, known: dict[int, Any]
) -> dict[int, Any]:
    emails = {row.email for row in files.parents if row.email}
    known_emails = {u.email.lower() for u in known.values() if u.email}
    missing = emails - known_emails
    if not missing:
        return {}
    return with_emails(missing, Profile.RESPONSABLE)


def with_emails(emails: Collection[str], profile: str) -> dict[int, Person]:
    """Accounts holding `profile` somewhere whose e-mail is exactly one of `emails`, by id. Found
    through the `UPPER(email)` index (sign-in's; the column has none of its own, ADR 0061), both
    sides upper-cased by the database; the exact comparison is made here."""
    holders = ProfileAssignment.objects.filter(profile=profile).values("user_id")
    found = (
        get_user_model()
        .objects.annotate(email_upper=Upper("email"))
        .filter(email_upper__in=[Upper(Value(email)) for email in emails], pk__in=holders)
        .order_by()
    )
    return {pk: person for pk, person in people(found).items() if person.email in emails}


def merge_teacher_rows(rows: list[TeacherRow]) -> list[TeacherRow]:
    """A teacher of several classes may come as several rows: one person, several classes."""
    merged: dict[tuple[str, str, str, str], TeacherRow] = {}
    for row in rows:
        key = (*row.name_key, match_key(row.usage_name), row.email)
        if key in merged:
            first = merged[key]
            first.class_names += [c for c in row.class_names if c not in first.class_names]
            first.director = first.director or row.director
        else:
            merged[key] = TeacherRow(**{**row.__dict__, "class_names": list(row.class_names)})
    return list(merged.values())


def _match_teachers(state: SchoolState, rows: list[TeacherRow], used: set[int]) -> Assignment:
    pool: dict[Any, list[int]] = defaultdict(list)
    for user in state.with_profile(Profile.ENSEIGNANT):
        pool[user_name_key(user)].append(user.pk)
    result = assign_by_key(
        rows,
        lambda r: r.name_key,
        pool,
        lambda r, uid: bool(r.email) and state.users[uid].email.lower() == r.email,
        used,
    )
    _teachers_by_email(state, rows, result, used)
    return result


def _teachers_by_email(
    state: SchoolState, rows: list[TeacherRow], result: Assignment, used: set[int]
) -> None:
    """A teacher whose name changed (marriage, spelling) is still known by the academic e-mail."""
    emails = {rows[i].email: i for i in result.new if rows[i].email}
    if not emails:
        return
    found: dict[str, Any] = {
        u.email.lower(): u for u in state.with_profile(Profile.ENSEIGNANT) if u.email
    }
    missing = [e for e in emails if e not in found]
    if missing:
        for user in with_emails(missing, Profile.ENSEIGNANT).values():
            found.setdefault(user.email.lower(), user)
    for email, index in emails.items():
        teacher = found.get(email)
        if teacher is not None and teacher.pk not in used:
            state.users.setdefault(teacher.pk, teacher)
            result.matched[index] = teacher.pk
            result.new.remove(index)
            used.add(teacher.pk)


def _report_ambiguous(plan: Plan, report: ImportReport) -> None:
    """Rows left for a human (their candidates protected from departure), then rows created
    although an account of the same name exists."""
    sections = (
        ("eleves", plan.pupils, plan.files.pupils, "élève"),
        ("responsables", plan.parents, plan.files.parents, "responsable"),
        ("enseignants", plan.teachers, plan.teacher_rows, "enseignant"),
    )
    for file, assignment, rows, label in sections:
        cases = (
            (
                assignment.ambiguous,
                "ambiguous_match",
                f"Plusieurs comptes {label} possibles : ligne non importée, à décider "
                "par un administrateur.",
            ),
            (
                assignment.held,
                "child_ambiguous",
                f"Ligne non importée : chaque enfant de ce {label} attend une décision "
                "d'un administrateur (plusieurs comptes élève possibles).",
            ),
            (
                assignment.possible_duplicates,
                "possible_duplicate",
                f"Nouveau compte {label} créé : même nom qu'un compte existant, sans autre "
                "élément commun. À vérifier (doublon possible).",
            ),
        )
        for found, kind, message in cases:
            for index, candidates in found.items():
                if kind != "possible_duplicate":
                    plan.protected.update(candidates)
                report.ambiguous.append(_case(file, rows[index], candidates, kind, message))


def _case(file: str, row: Any, candidates: list[int], kind: str, message: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "file": file,
        "line": row.line,
        "name": f"{row.last_name} {row.first_name}",
        "candidates": sorted(candidates),
        "message": message,
    }
