"""What a school holds before an import, loaded in a fixed number of queries.

The state is read as plain rows (`values_list`) into small slotted records, not model instances:
an import compares a few thousand people, memberships and source records per school, and
building that many model instances was most of the time of a re-import that changes nothing
(ADR 0059). The writers hand the records that changed to `bulkupdate.update`, which reads the
same attributes from them as from instances."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from preau.core.sql import id_list
from preau.directory.models import (
    ClassMembership,
    ParentLink,
    Profile,
    ProfileAssignment,
    School,
    SchoolClass,
)
from preau.imports.models import Absence, Source, SourceRecord

IMPORTED_PROFILES = (Profile.ELEVE, Profile.RESPONSABLE, Profile.ENSEIGNANT)
PERSON_FIELDS = ("first_name", "last_name", "usage_name", "email", "birth_date")


@dataclass(slots=True)
class Person:
    """The columns of an account that an import reads and may update."""

    pk: int
    first_name: str
    last_name: str
    usage_name: str
    email: str
    birth_date: datetime.date | None

    # The account's own definitions, so that reports name people as everywhere else.
    family_name = get_user_model().family_name
    list_name = get_user_model().list_name


@dataclass(slots=True)
class Membership:
    pk: int
    user_id: int
    school_class_id: int
    role: str
    level: str
    ended_at: datetime.datetime | None


@dataclass(slots=True)
class Record:
    pk: int
    data: dict[str, Any]
    imported_at: datetime.datetime | None = None  # not read (a timestamp costs more than its row)


@dataclass
class SchoolState:
    school: School
    year: int
    users: dict[int, Any] = field(default_factory=dict)  # Person, or User once created
    profiles: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    classes: dict[str, SchoolClass] = field(default_factory=dict)  # current year, by name
    current: dict[int, list[Membership]] = field(default_factory=lambda: defaultdict(list))
    ended: dict[tuple[int, int, str], Membership] = field(default_factory=dict)
    last_class: dict[int, str] = field(default_factory=dict)
    records: dict[tuple[int, str], Record] = field(default_factory=dict)
    absences: dict[int, Absence] = field(default_factory=dict)
    links: set[tuple[int, int]] = field(default_factory=set)

    def with_profile(self, profile: str) -> list[Any]:
        return [self.users[uid] for uid, ps in self.profiles.items() if profile in ps]


def read_people(
    rows: QuerySet[Any], keys: Sequence[str] = (), through: str = ""
) -> Iterator[tuple[tuple[Any, ...], Person]]:
    """(the `keys` columns, a `Person`) for each row: the person is the account `through` a key
    of the row (`user`, `parent`), or the row itself (an account) when `through` is empty."""
    columns = [f"{through}__{name}" for name in PERSON_FIELDS] if through else PERSON_FIELDS
    width = len(keys)
    for row in rows.values_list(*keys, f"{through}_id" if through else "pk", *columns):
        yield row[:width], Person(*row[width:])


def people(users: QuerySet[Any]) -> dict[int, Person]:
    """These accounts as `Person`s, by id."""
    return {person.pk: person for _, person in read_people(users)}


def load_state(school: School, year: int, source: str = Source.ONDE) -> SchoolState:
    state = SchoolState(school=school, year=year)
    assignments = ProfileAssignment.objects.filter(school=school).order_by()
    for (profile,), person in read_people(assignments, ["profile"], "user"):
        state.users.setdefault(person.pk, person)
        state.profiles[person.pk].add(profile)
    for school_class in SchoolClass.objects.filter(school=school, school_year=year):
        state.classes[school_class.name] = school_class
    _place_all(state, school)
    records = SourceRecord.objects.filter(school=school, source=source).order_by()
    for pk, uid, profile, data in records.values_list("id", "user_id", "profile", "data"):
        state.records[(uid, profile)] = Record(pk, data)
    for absence in Absence.objects.filter(school=school):
        state.absences[absence.user_id] = absence
    return state


def _place_all(state: SchoolState, school: School) -> None:
    memberships = (
        ClassMembership.objects.filter(school_class__school=school)
        .order_by("school_class__school_year", "id")
        .values_list(
            "id",
            "user_id",
            "school_class_id",
            "role",
            "level",
            "ended_at",
            "school_class__name",
            "school_class__school_year",
        )
    )
    for pk, uid, class_id, role, level, ended_at, class_name, class_year in memberships:
        membership = Membership(pk, uid, class_id, role, level, ended_at)
        if membership.role == ClassMembership.Role.ELEVE:
            state.last_class[membership.user_id] = class_name
        if class_year != state.year:
            continue
        if membership.ended_at is None:
            state.current[membership.user_id].append(membership)
        else:
            key = (membership.user_id, membership.school_class_id, membership.role)
            state.ended[key] = membership


def load_links(state: SchoolState, child_ids: set[int]) -> dict[int, Person]:
    """Existing parent links of these pupils; returns the parents met (some maybe elsewhere)."""
    parents: dict[int, Person] = {}
    if not child_ids:
        return parents
    links = ParentLink.objects.filter(child_id__in=id_list(child_ids)).order_by()
    for (child_id,), parent in read_people(links, ["child_id"], "parent"):
        state.links.add((parent.pk, child_id))
        parents.setdefault(parent.pk, parent)
    return parents
