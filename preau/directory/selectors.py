"""Reads of the directory. `get_person_context` feeds `/api/v1/me` and the portal home."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from preau.directory.models import (
    ClassMembership,
    ParentLink,
    Profile,
    School,
    SchoolClass,
)
from preau.directory.person_rows import CHILD, FUNCTION, MEMBERSHIP, PROFILE, Row, person_rows
from preau.directory.schoolyear import current_school_year


@dataclass(frozen=True)
class SchoolRef:
    id: int
    uai: str
    name: str


@dataclass(frozen=True)
class ClassRef:
    id: int
    name: str
    uai: str
    school_name: str
    levels: list[str]
    school_year: int


@dataclass(frozen=True)
class ChildRef:
    id: int
    login: str
    display_name: str
    first_name: str
    classes: list[ClassRef]
    schools: list[SchoolRef]


@dataclass(frozen=True)
class PersonContext:
    user_id: int
    login: str
    display_name: str
    profiles: list[str]
    functions: list[str]
    schools: list[SchoolRef]
    classes: list[ClassRef]
    children: list[ChildRef]
    circonscriptions: list[str]
    collectivites: list[str]


def _sorted_schools(schools: dict[int, SchoolRef]) -> list[SchoolRef]:
    return sorted(schools.values(), key=lambda s: (s.name, s.uai))


def _sorted_classes(classes: dict[int, ClassRef]) -> list[ClassRef]:
    return sorted(classes.values(), key=lambda c: (c.school_name, c.name, c.id))


def get_person_context(user: Any) -> PersonContext:
    """Everything about where a person stands: one query, whatever the number of children,
    classes and schools (`person_rows`, ADR 0046)."""
    return person_context_of(user, person_rows(user.pk))


def person_context_of(user: Any, rows: list[Row]) -> PersonContext:
    """The person's context from their rows, already read (`person_rows`)."""
    mine = [row for row in rows if row.owner == user.pk and row.kind != CHILD]
    schools = {row.school: _school_ref_of(row) for row in mine if row.school is not None}
    return PersonContext(
        user_id=user.pk,
        login=user.login,
        display_name=user.display_name,
        profiles=sorted({row.code for row in mine if row.kind == PROFILE and row.code}),
        functions=sorted({row.code for row in mine if row.kind == FUNCTION and row.code}),
        schools=_sorted_schools(schools),
        classes=_sorted_classes(_classes_of(mine)),
        children=_children_of(rows),
        circonscriptions=sorted({row.circ for row in mine if row.circ}),
        collectivites=sorted({row.coll for row in mine if row.coll}),
    )


def _school_ref_of(row: Row) -> SchoolRef:
    return SchoolRef(id=row.school or 0, uai=row.uai or "", name=row.school_name or "")


def _classes_of(rows: list[Row]) -> dict[int, ClassRef]:
    return {
        row.school_class: ClassRef(
            id=row.school_class,
            name=row.class_name or "",
            uai=row.uai or "",
            school_name=row.school_name or "",
            levels=list(row.levels or []),
            school_year=row.year or 0,
        )
        for row in rows
        if row.kind == MEMBERSHIP and row.school_class is not None
    }


def _display_name(link: Row) -> str:
    """As `User.display_name`: `Prénom NOM`, the usage name first."""
    return f"{link.first or ''} {(link.usage or link.last or '').upper()}".strip()


def _children_of(rows: list[Row]) -> list[ChildRef]:
    """The children under the person's parental authority, by first name: as pupils, their
    current classes and their schools (from their classes and their pupil profiles)."""
    links = sorted((r for r in rows if r.kind == CHILD), key=lambda r: (r.first or "", r.owner))
    facts: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        if row.kind in (PROFILE, MEMBERSHIP) and row.code == Profile.ELEVE:
            facts[row.owner].append(row)
    children = []
    for link in links:
        own = facts[link.owner]
        schools = {row.school: _school_ref_of(row) for row in own if row.school is not None}
        children.append(
            ChildRef(
                id=link.owner,
                login=link.code or "",
                display_name=_display_name(link),
                first_name=link.first or "",
                classes=_sorted_classes(_classes_of(own)),
                schools=_sorted_schools(schools),
            )
        )
    return children


def list_school_classes(school: School, school_year: int | None = None) -> list[SchoolClass]:
    """A school's classes for a year, with `pupil_count` and `teacher_count`. One query."""
    active = Q(memberships__ended_at__isnull=True)
    return list(
        SchoolClass.objects.filter(school=school, school_year=school_year or current_school_year())
        .annotate(
            pupil_count=Count(
                "memberships", filter=active & Q(memberships__role=ClassMembership.Role.ELEVE)
            ),
            teacher_count=Count(
                "memberships",
                filter=active & Q(memberships__role=ClassMembership.Role.ENSEIGNANT),
            ),
        )
        .order_by("name")
    )


def list_class_members(school_class: SchoolClass) -> list[ClassMembership]:
    """Current members with their account: teachers, then staff, then pupils by name. One query."""
    role_order = {
        ClassMembership.Role.ENSEIGNANT: 0,
        ClassMembership.Role.PERSONNEL: 1,
        ClassMembership.Role.ELEVE: 2,
    }
    members = list(
        ClassMembership.objects.filter(school_class=school_class, ended_at__isnull=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    )
    return sorted(members, key=lambda m: role_order[ClassMembership.Role(m.role)])


def list_children_with_parents(school_class: SchoolClass) -> dict[int, list[Any]]:
    """Pupil id → responsables with autorité parentale, for a class. One query."""
    parents: dict[int, list[Any]] = defaultdict(list)
    for link in (
        ParentLink.objects.filter(
            child__class_memberships__school_class=school_class,
            child__class_memberships__ended_at__isnull=True,
            parental_authority=True,
        )
        .select_related("parent")
        .order_by("contact_priority", "parent__last_name")
    ):
        parents[link.child_id].append(link.parent)
    return dict(parents)


def school_by_uai(uai: str) -> School | None:
    return School.objects.filter(uai=uai.strip().upper()).first()
