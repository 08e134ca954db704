"""What a school holds before an import, loaded in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class SchoolState:
    school: School
    year: int
    users: dict[int, Any] = field(default_factory=dict)
    profiles: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    classes: dict[str, SchoolClass] = field(default_factory=dict)  # current year, by name
    current: dict[int, list[ClassMembership]] = field(default_factory=lambda: defaultdict(list))
    ended: dict[tuple[int, int, str], ClassMembership] = field(default_factory=dict)
    last_class: dict[int, str] = field(default_factory=dict)
    records: dict[tuple[int, str], SourceRecord] = field(default_factory=dict)
    absences: dict[int, Absence] = field(default_factory=dict)
    links: set[tuple[int, int]] = field(default_factory=set)

    def with_profile(self, profile: str) -> list[Any]:
        return [self.users[uid] for uid, ps in self.profiles.items() if profile in ps]


def load_state(school: School, year: int, source: str = Source.ONDE) -> SchoolState:
    state = SchoolState(school=school, year=year)
    for assignment in ProfileAssignment.objects.filter(school=school).select_related("user"):
        state.users[assignment.user_id] = assignment.user
        state.profiles[assignment.user_id].add(assignment.profile)
    for school_class in SchoolClass.objects.filter(school=school, school_year=year):
        state.classes[school_class.name] = school_class
    memberships = (
        ClassMembership.objects.filter(school_class__school=school)
        .select_related("school_class")
        .order_by("school_class__school_year", "id")
    )
    for membership in memberships:
        _place(state, membership)
    for record in SourceRecord.objects.filter(school=school, source=source):
        state.records[(record.user_id, record.profile)] = record
    for absence in Absence.objects.filter(school=school):
        state.absences[absence.user_id] = absence
    return state


def _place(state: SchoolState, membership: ClassMembership) -> None:
    school_class = membership.school_class
    if membership.role == ClassMembership.Role.ELEVE:
        state.last_class[membership.user_id] = school_class.name
    if school_class.school_year != state.year:
        return
    if membership.ended_at is None:
        state.current[membership.user_id].append(membership)
    else:
        state.ended[(membership.user_id, school_class.pk, membership.role)] = membership


def load_links(state: SchoolState, child_ids: set[int]) -> dict[int, Any]:
    """Existing parent links of these pupils; returns the parents met (some maybe elsewhere)."""
    parents: dict[int, Any] = {}
    if not child_ids:
        return parents
    for link in ParentLink.objects.filter(child_id__in=id_list(child_ids)).select_related("parent"):
        state.links.add((link.parent_id, link.child_id))
        parents[link.parent_id] = link.parent
    return parents
