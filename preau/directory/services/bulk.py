"""Bulk writes for large batches (the demo académie, imports): same rules as the one-by-one
services, a handful of queries per batch, one audit event per batch.

Their atomic blocks take no savepoint (ADR 0053): they are called inside an import's transaction
(one per school), where a savepoint costs two round trips and nothing would roll back to it: an
error in them aborts the whole school, whose own transaction (or savepoint, for one school of an
AAF feed) leaves the previous state intact. Called alone, each is still its own transaction.
Refusals that callers may catch (bad names, a taken login) are raised before anything is written,
outside the block.

Profiles and class memberships may be given as plain rows (`ProfileRow`, `MembershipRow`) rather
than model instances: the imports build thousands per school, and the rows are written as values
(`bulkinsert.insert_values`) either way (ADR 0061)."""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.utils import timezone

from preau.core import bulkinsert
from preau.core.audit import audit
from preau.core.errors import Conflict, InvalidInput
from preau.core.sql import id_list
from preau.directory.logins import allocate_logins
from preau.directory.models import (
    ClassMembership,
    ParentLink,
    Profile,
    ProfileAssignment,
    School,
    SchoolClass,
)
from preau.directory.services._common import require_academic

BATCH = 500


@dataclass(frozen=True)
class PersonSpec:
    first_name: str
    last_name: str
    usage_name: str = ""
    birth_date: datetime.date | None = None
    login: str = ""  # a fixed login (demo accounts); generated when empty
    password_hash: str = ""  # an already hashed password; unusable when empty
    email: str = ""


def bulk_create_people(actor: Any, specs: list[PersonSpec]) -> list[Any]:
    """Create accounts in order; generated logins follow rules.md §1, fixed ones must be free."""
    require_academic(actor)
    user_model = get_user_model()
    for spec in specs:
        if not spec.first_name.strip() or not spec.last_name.strip():
            raise InvalidInput("Chaque personne a un prénom et un nom.", code="name_required")
    fixed = [s.login.lower() for s in specs if s.login]
    if len(set(fixed)) != len(fixed) or user_model.objects.filter(login__in=fixed).exists():
        raise Conflict("Un identifiant demandé est déjà pris.", code="login_taken")
    with transaction.atomic(savepoint=False):
        generated = iter(
            allocate_logins(
                [(s.first_name, s.usage_name or s.last_name) for s in specs if not s.login]
            )
        )
        users = [
            user_model(
                login=spec.login.lower() or next(generated),
                first_name=spec.first_name.strip(),
                last_name=spec.last_name.strip(),
                usage_name=spec.usage_name.strip(),
                birth_date=spec.birth_date,
                email=spec.email,
                password=spec.password_hash or unusable_password(),
            )
            for spec in specs
        ]
        bulkinsert.insert(user_model, users, with_ids=True)
        audit(actor, "directory.people.bulk_created", None, count=len(users))
    return users


def unusable_password() -> str:
    """What `make_password(None)` stores (`set_unusable_password`), from `secrets` rather than
    40 calls to `random`: new accounts sign in only once activated with their letter's code."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


class ProfileRow(NamedTuple):
    """A profile assignment to add, as values (the first five are its scope key)."""

    user_id: int
    profile: str
    school_id: int | None = None
    circonscription_id: int | None = None
    collectivite_id: int | None = None
    personnel_kind: str = ""
    title: str = ""


class MembershipRow(NamedTuple):
    """A class membership to add, as values (the class is needed for its levels and school)."""

    user_id: int
    school_class: SchoolClass
    role: str
    level: str = ""
    ended_at: datetime.datetime | None = None


PROFILE_COLUMNS = [*ProfileRow._fields, "created_at"]
MEMBERSHIP_COLUMNS = ["user_id", "school_class_id", "role", "level", "ended_at"]
ROLE_PROFILE = {"eleve": "eleve", "enseignant": "enseignant", "personnel": "personnel"}


def bulk_assign_profiles(actor: Any, rows: Iterable[ProfileAssignment | ProfileRow]) -> int:
    """Add the profile assignments that do not exist yet; returns how many were added."""
    require_academic(actor)
    wanted = [row if isinstance(row, ProfileRow) else _profile_row(row) for row in rows]
    with transaction.atomic(savepoint=False):
        seen = _existing_profiles({row.user_id for row in wanted})
        new = []
        for row in wanted:
            key = row[:5]
            if key not in seen:
                seen.add(key)
                new.append(row)
        now = timezone.now()  # what `auto_now_add` gives
        bulkinsert.insert_values(ProfileAssignment, PROFILE_COLUMNS, [(*r, now) for r in new])
        audit(actor, "directory.profiles.bulk_assigned", None, count=len(new))
    return len(new)


def bulk_add_to_classes(actor: Any, rows: Iterable[ClassMembership | MembershipRow]) -> int:
    """Class memberships (pupil levels checked against the class), with the matching school
    profile for each member."""
    require_academic(actor)
    wanted = [row if isinstance(row, MembershipRow) else _membership_row(row) for row in rows]
    for row in wanted:
        if row.role == ClassMembership.Role.ELEVE and row.level not in row.school_class.levels:
            raise InvalidInput(
                f"Le niveau {row.level or '(vide)'} n'existe pas dans la classe "
                f"{row.school_class.name}.",
                code="level_not_in_class",
            )
    with transaction.atomic(savepoint=False):
        bulkinsert.insert_values(
            ClassMembership,
            MEMBERSHIP_COLUMNS,
            [(r.user_id, r.school_class.pk, str(r.role), r.level, r.ended_at) for r in wanted],
        )
        bulk_assign_profiles(
            actor,
            (
                ProfileRow(row.user_id, ROLE_PROFILE[row.role], row.school_class.school_id)
                for row in wanted
            ),
        )
        audit(actor, "directory.class_members.bulk_added", None, count=len(wanted))
    return len(wanted)


def _profile_row(row: ProfileAssignment) -> ProfileRow:
    return ProfileRow(
        row.user_id,
        str(row.profile),
        row.school_id,
        row.circonscription_id,
        row.collectivite_id,
        row.personnel_kind,
        row.title,
    )


def _membership_row(row: ClassMembership) -> MembershipRow:
    return MembershipRow(row.user_id, row.school_class, str(row.role), row.level, row.ended_at)


def bulk_link_parents(actor: Any, rows: Iterable[ParentLink]) -> int:
    """Parent–child links; responsables with autorité parentale get the `responsable` profile
    in every school where the child is a pupil."""
    require_academic(actor)
    rows = list(rows)
    if any(row.parent_id == row.child_id for row in rows):
        raise InvalidInput(
            "Une personne ne peut pas être son propre responsable.", code="self_link"
        )
    with transaction.atomic(savepoint=False):
        bulkinsert.insert(ParentLink, rows)
        child_schools: dict[int, set[int]] = defaultdict(set)
        for child_id, school_id in ProfileAssignment.objects.filter(
            user_id__in=id_list({r.child_id for r in rows}), profile=Profile.ELEVE
        ).values_list("user_id", "school_id"):
            child_schools[child_id].add(school_id)
        bulk_assign_profiles(
            actor,
            (
                ProfileRow(r.parent_id, Profile.RESPONSABLE, sid)
                for r in rows
                if r.parental_authority
                for sid in sorted(child_schools[r.child_id])
            ),
        )
        audit(actor, "directory.parent_links.bulk_created", None, count=len(rows))
    return len(rows)


def _existing_profiles(user_ids: set[int]) -> set[tuple[Any, ...]]:
    if not user_ids:
        return set()
    return set(
        ProfileAssignment.objects.filter(user_id__in=id_list(user_ids)).values_list(
            "user_id", "profile", "school_id", "circonscription_id", "collectivite_id"
        )
    )


def schools_of(rows: Iterable[ClassMembership]) -> list[School]:
    """The distinct schools touched by class memberships (to refresh their groups)."""
    return list({row.school_class.school_id: row.school_class.school for row in rows}.values())


__all__ = [
    "MembershipRow",
    "PersonSpec",
    "ProfileRow",
    "bulk_add_to_classes",
    "bulk_assign_profiles",
    "bulk_create_people",
    "bulk_link_parents",
    "schools_of",
]
