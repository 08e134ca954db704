"""ONDE import steps for places: classes, memberships, parent links, profiles, records, absences,
and the final figures. Each step compares with the loaded state and writes in bulk."""

from __future__ import annotations

from typing import Any

from preau.core import bulkinsert, bulkupdate
from preau.directory.models import (
    LEVEL_ORDER,
    ClassMembership,
    Function,
    FunctionAssignment,
    ParentLink,
    Profile,
    SchoolClass,
)
from preau.directory.services import (
    MembershipRow,
    ProfileRow,
    bulk_add_to_classes,
    bulk_assign_profiles,
    bulk_link_parents,
)
from preau.imports.models import ExternalId, SourceRecord
from preau.imports.services.absence import clear_absences, in_no_other_school, mark_many_absent
from preau.imports.services.guard import check_departures
from preau.imports.services.run import Run
from preau.lifecycle.services import lifecycle

ROLE = ClassMembership.Role


def ensure_classes(run: Run, wanted: dict[str, list[str]]) -> None:
    state, new, changed = run.state, [], []
    for name, levels in wanted.items():
        existing = state.classes.get(name)
        if existing is not None and not run.plan.files.full:  # a delta only adds levels
            levels = [lvl for lvl in LEVEL_ORDER if lvl in {*levels, *existing.levels}]
        if existing is None:
            new.append(
                SchoolClass(school=state.school, school_year=state.year, name=name, levels=levels)
            )
        elif existing.levels != levels:
            existing.levels = levels
            changed.append(existing)
    if new:
        SchoolClass.objects.bulk_create(new)
        for school_class in new:
            state.classes[school_class.name] = school_class
    if changed:
        bulkupdate.update(SchoolClass, changed, ["levels"])


def memberships(run: Run) -> None:
    """Pupils' and teachers' class memberships, written together: one call of each bulk writer
    (ADR 0061)."""
    to_create: list[MembershipRow] = []
    to_save: list[Any] = []
    pupil_memberships(run, to_create, to_save)
    teacher_memberships(run, to_create, to_save)
    if to_save:
        bulkupdate.update(ClassMembership, to_save, ["ended_at", "level"])
    if to_create:
        bulk_add_to_classes(None, to_create)


def pupil_memberships(run: Run, to_create: list[MembershipRow], to_save: list[Any]) -> None:
    state = run.state
    for index, uid in run.ids["eleve"].items():
        row = run.plan.files.pupils[index]
        target = state.classes[row.class_name]
        current = [m for m in state.current.get(uid, []) if m.role == ROLE.ELEVE]
        same = [m for m in current if m.school_class_id == target.pk]
        for membership in current:
            if membership.school_class_id != target.pk:
                membership.ended_at = run.now
                to_save.append(membership)
        if same:
            if same[0].level != row.level:
                same[0].level = row.level
                to_save.append(same[0])
                run.changed.add(uid)
            continue
        to_create += _join(run, uid, target, ROLE.ELEVE, row.level, to_save)
        if uid not in run.created:
            previous = state.last_class.get(uid)
            (run.moved if previous and previous != row.class_name else run.changed).add(uid)


def _join(
    run: Run, uid: int, target: SchoolClass, role: str, level: str, to_save: list[Any]
) -> list[MembershipRow]:
    """Reopen an ended membership of this class, or a new one."""
    ended = run.state.ended.get((uid, target.pk, role))
    if ended is not None:
        ended.ended_at, ended.level = None, level
        to_save.append(ended)
        return []
    return [MembershipRow(uid, target, role, level)]


def teacher_memberships(run: Run, to_create: list[MembershipRow], to_save: list[Any]) -> None:
    state = run.state
    for index, uid in run.ids["enseignant"].items():
        row = run.plan.teacher_rows[index]
        wanted = {}
        for name in row.class_names:
            if name in state.classes:
                wanted[state.classes[name].pk] = state.classes[name]
            else:
                run.report.warnings.append(
                    {
                        "file": "enseignants",
                        "line": row.line,
                        "column": "Classe",
                        "message": f"Classe « {name} » absente du fichier des élèves : "
                        "enseignant non rattaché à cette classe.",
                    }
                )
        current = [m for m in state.current.get(uid, []) if m.role == ROLE.ENSEIGNANT]
        for membership in current:
            if membership.school_class_id not in wanted:
                membership.ended_at = run.now
                to_save.append(membership)
                run.changed.add(uid)
        have = {m.school_class_id for m in current}
        for pk, school_class in wanted.items():
            if pk not in have:
                to_create += _join(run, uid, school_class, ROLE.ENSEIGNANT, "", to_save)
                run.changed.add(uid)


def links(run: Run) -> None:
    new = []
    for p, child_rows in run.plan.children_of.items():
        parent = run.ids["responsable"].get(p)
        if parent is None:
            continue
        for c in child_rows:
            child = run.ids["eleve"].get(c)
            if child is not None and (parent, child) not in run.state.links:
                run.state.links.add((parent, child))
                run.new_links.append((parent, child))
                new.append(
                    ParentLink(parent_id=parent, child_id=child, source=run.plan.files.source)
                )
                run.changed.add(parent)
    if new:
        bulk_link_parents(None, new)


def profiles(run: Run) -> None:
    """Responsables without a linked child here and teachers without a class still belong."""
    missing = [
        ProfileRow(uid, profile, run.state.school.pk)
        for profile in (Profile.RESPONSABLE, Profile.ENSEIGNANT)
        for uid in run.ids[profile].values()
        if profile not in run.state.profiles.get(uid, set())
    ]
    if missing:
        bulk_assign_profiles(None, missing)
        run.changed.update(row.user_id for row in missing)


def records(run: Run) -> None:
    state, new, dirty = run.state, [], []
    for profile, data_of in (
        ("eleve", _pupil_data),
        ("responsable", _parent_data),
        ("enseignant", _teacher_data),
    ):
        for index, uid in run.ids[profile].items():
            data = data_of(run, index)
            record = state.records.get((uid, profile))
            if record is None:
                new.append(
                    (uid, state.school.pk, str(run.plan.files.source), profile, data, run.now)
                )
                run.changed.add(uid)
            elif record.data != data:
                record.data, record.imported_at = data, run.now
                dirty.append(record)
                run.changed.add(uid)
    columns = ["user_id", "school_id", "source", "profile", "data", "imported_at"]
    bulkinsert.insert_values(SourceRecord, columns, new)
    if dirty:
        bulkupdate.update(SourceRecord, dirty, ["data", "imported_at"])


def _pupil_data(run: Run, index: int) -> dict[str, Any]:
    row = run.plan.files.pupils[index]
    return {**row.data, "classe": row.class_name, "niveau": row.level}


def _parent_data(run: Run, index: int) -> dict[str, Any]:
    row = run.plan.files.parents[index]
    children = sorted(
        run.ids["eleve"][c] for c in run.plan.children_of[index] if c in run.ids["eleve"]
    )
    return {**row.data, "email": row.email, "children": children}


def _teacher_data(run: Run, index: int) -> dict[str, Any]:
    row = run.plan.teacher_rows[index]
    return {
        **row.data,
        "email": row.email,
        "director": row.director,
        "classes": sorted(row.class_names),
    }


def external_ids(run: Run) -> None:
    """Keep the feed's join keys (and INE) so the next feed finds the same accounts at once."""
    rows_of: dict[str, list[Any]] = {
        "eleve": run.plan.files.pupils,
        "responsable": run.plan.files.parents,
        "enseignant": run.plan.teacher_rows,
    }
    new = []
    for profile, rows in rows_of.items():
        for index, uid in run.ids[profile].items():
            row = rows[index]
            for source, value in (
                (run.plan.files.source, row.external_id),
                ("ine", getattr(row, "national_id", "")),
            ):
                if value and run.plan.known.get(f"{source}:{value}") != uid:
                    new.append(ExternalId(user_id=uid, source=source, value=value))
    if new:
        ExternalId.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)


def absences(run: Run, teachers_given: bool) -> None:
    state = run.state
    present = {uid for ids in run.ids.values() for uid in ids.values()}
    back = present & set(state.absences)
    if back:
        clear_absences(state.school, back)
        lifecycle.mark_present(run.actor, back)
        run.changed.update(back)
    if not run.plan.files.full:
        return
    imported = {Profile.ELEVE, Profile.RESPONSABLE} | (
        {Profile.ENSEIGNANT} if teachers_given else set()
    )
    current = [
        uid
        for uid, held in state.profiles.items()
        if held and held <= imported and uid not in state.absences
    ]
    gone = sorted(uid for uid in current if uid not in present and uid not in run.plan.protected)
    check_departures(run, len(gone), len(current))
    run.gone = gone
    if not gone:
        run.report.left = 0
        return
    run.report.left = mark_many_absent(state.school, gone, run.now, run.plan.files.source)
    # The account itself is absent only once no other school still has the person.
    lifecycle.mark_absent(run.actor, in_no_other_school(state.school, gone), today=run.now.date())


def director_proposals(run: Run) -> None:
    """`Directeur = oui` proposes the function; an administrator confirms (formats.md §2.3)."""
    flagged = {
        uid: run.plan.teacher_rows[i]
        for i, uid in run.ids["enseignant"].items()
        if run.plan.teacher_rows[i].director
    }
    if not flagged:
        return
    holders = set(
        FunctionAssignment.objects.filter(
            school=run.state.school, function=Function.DIRECTEUR, user_id__in=list(flagged)
        ).values_list("user_id", flat=True)
    )
    for uid, row in flagged.items():
        if uid not in holders:
            run.report.warnings.append(
                {
                    "file": "enseignants",
                    "line": row.line,
                    "column": "Directeur",
                    "message": f"{row.first_name} {row.last_name} est indiqué(e) comme directeur "
                    "ou directrice : fonction à confirmer par un administrateur.",
                    "kind": "director_proposed",
                    "user_id": uid,
                }
            )


def count(run: Run) -> None:
    present = {uid for ids in run.ids.values() for uid in ids.values()}
    moved = run.moved - run.created
    updated = run.changed - run.created - moved
    run.report.moved = len(moved)
    run.report.updated = len(updated)
    run.report.unchanged = len(present - run.created - moved - updated)
