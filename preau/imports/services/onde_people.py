"""ONDE import steps for accounts: class checks, new accounts, name and e-mail updates."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model

from preau.core import bulkupdate
from preau.core.errors import InvalidInput
from preau.directory.models import Profile
from preau.directory.services import PersonSpec, bulk_create_people, clean_levels
from preau.imports.report import ImportRejected, LineError
from preau.imports.services.run import Run


def check_classes(run: Run) -> dict[str, list[str]]:
    levels: dict[str, set[str]] = defaultdict(set)
    first_line: dict[str, int] = {}
    for row in run.plan.files.pupils:
        levels[row.class_name].add(row.level)
        first_line.setdefault(row.class_name, row.line)
    wanted, errors = {}, []
    for name, found in levels.items():
        try:
            wanted[name] = clean_levels(sorted(found), run.state.school)
        except InvalidInput as exc:
            errors.append(LineError("eleves", first_line[name], "Niveau", exc.message, exc.code))
        if len(name) > 100:
            errors.append(
                LineError(
                    "eleves",
                    first_line[name],
                    "Classe",
                    "Nom de classe trop long.",
                    "class_name_invalid",
                )
            )
    if errors:
        raise ImportRejected(errors)
    return wanted


def create_people(run: Run) -> None:
    plan, specs, owners = run.plan, [], []
    sections = (
        (Profile.ELEVE, plan.pupils.new, plan.files.pupils),
        (Profile.RESPONSABLE, plan.parents.new, plan.files.parents),
        (Profile.ENSEIGNANT, plan.teachers.new, plan.teacher_rows),
    )
    for profile, new, rows in sections:
        for index in new:
            row = rows[index]
            specs.append(
                PersonSpec(
                    first_name=row.first_name,
                    last_name=row.last_name,
                    usage_name=row.usage_name,
                    birth_date=getattr(row, "birth_date", None),
                    email=getattr(row, "email", ""),
                )
            )
            owners.append((profile, index))
    users = bulk_create_people(None, specs) if specs else []
    run.ids = {
        Profile.ELEVE: dict(plan.pupils.matched),
        Profile.RESPONSABLE: dict(plan.parents.matched),
        Profile.ENSEIGNANT: dict(plan.teachers.matched),
    }
    for (profile, index), user in zip(owners, users, strict=True):
        run.state.users[user.pk] = user
        run.created.add(user.pk)
        run.report.created[profile] += 1
        run.ids[profile][index] = user.pk


def update_people(run: Run) -> None:
    rows_by_profile: dict[str, list[Any]] = {
        Profile.ELEVE: run.plan.files.pupils,
        Profile.RESPONSABLE: run.plan.files.parents,
        Profile.ENSEIGNANT: run.plan.teacher_rows,
    }
    dirty = []
    for profile, rows in rows_by_profile.items():
        for index, uid in run.matched(profile).items():
            user, row = run.state.users[uid], rows[index]
            wanted = {
                "first_name": row.first_name,
                "last_name": row.last_name,
                "usage_name": row.usage_name,
            }
            email = getattr(row, "email", "")
            record = run.state.records.get((uid, profile))
            previous = record.data.get("email", "") if record else ""
            if email and user.email.lower() != email and user.email.lower() in ("", previous):
                wanted["email"] = email
            changes = {k: v for k, v in wanted.items() if getattr(user, k) != v}
            if changes:
                for key, value in changes.items():
                    setattr(user, key, value)
                dirty.append(user)
                run.changed.add(uid)
    if dirty:
        fields = ["first_name", "last_name", "usage_name", "email"]
        bulkupdate.update(get_user_model(), dirty, fields)
