"""Reads of the directory. `get_person_context` feeds `/api/v1/me` and the portal home."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from preau.directory.models import (
    ClassMembership,
    FunctionAssignment,
    ParentLink,
    Profile,
    ProfileAssignment,
    School,
    SchoolClass,
)
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


def _school_ref(school: School) -> SchoolRef:
    return SchoolRef(id=school.pk, uai=school.uai, name=school.name)


def _class_ref(school_class: SchoolClass) -> ClassRef:
    return ClassRef(
        id=school_class.pk,
        name=school_class.name,
        uai=school_class.school.uai,
        school_name=school_class.school.name,
        levels=list(school_class.levels),
        school_year=school_class.school_year,
    )


def _sorted_schools(schools: dict[int, SchoolRef]) -> list[SchoolRef]:
    return sorted(schools.values(), key=lambda s: (s.name, s.uai))


def _sorted_classes(classes: dict[int, ClassRef]) -> list[ClassRef]:
    return sorted(classes.values(), key=lambda c: (c.school_name, c.name, c.id))


def _current_memberships(user_ids: list[int], role: str | None = None) -> QuerySet[ClassMembership]:
    rows = ClassMembership.objects.filter(
        user_id__in=user_ids,
        ended_at__isnull=True,
        school_class__school_year=current_school_year(),
        school_class__archived_at__isnull=True,
    ).select_related("school_class__school")
    return rows.filter(role=role) if role else rows


def get_person_context(user: Any) -> PersonContext:
    """Everything about where a person stands. 4 queries, 6 for a parent, whatever the number
    of children, classes and schools."""
    profiles: set[str] = set()
    schools: dict[int, SchoolRef] = {}
    circonscriptions: set[str] = set()
    collectivites: set[str] = set()
    for pa in ProfileAssignment.objects.filter(user=user).select_related(
        "school", "circonscription", "collectivite"
    ):
        profiles.add(pa.profile)
        if pa.school is not None:
            schools[pa.school.pk] = _school_ref(pa.school)
        if pa.circonscription is not None:
            circonscriptions.add(pa.circonscription.name)
        if pa.collectivite is not None:
            collectivites.add(pa.collectivite.name)
    functions: set[str] = set()
    for fa in FunctionAssignment.objects.filter(user=user).select_related("school", "collectivite"):
        functions.add(fa.function)
        if fa.school is not None:
            schools[fa.school.pk] = _school_ref(fa.school)
        if fa.collectivite is not None:
            collectivites.add(fa.collectivite.name)
    classes = {
        m.school_class_id: _class_ref(m.school_class) for m in _current_memberships([user.pk])
    }
    return PersonContext(
        user_id=user.pk,
        login=user.login,
        display_name=user.display_name,
        profiles=sorted(profiles),
        functions=sorted(functions),
        schools=_sorted_schools(schools),
        classes=_sorted_classes(classes),
        children=_children_of(user),
        circonscriptions=sorted(circonscriptions),
        collectivites=sorted(collectivites),
    )


def _children_of(user: Any) -> list[ChildRef]:
    links = list(
        ParentLink.objects.filter(parent=user, parental_authority=True)
        .select_related("child")
        .order_by("child__first_name", "child__id")
    )
    if not links:
        return []
    child_ids = [link.child_id for link in links]
    classes: dict[int, dict[int, ClassRef]] = defaultdict(dict)
    schools: dict[int, dict[int, SchoolRef]] = defaultdict(dict)
    for m in _current_memberships(child_ids, ClassMembership.Role.ELEVE):
        classes[m.user_id][m.school_class_id] = _class_ref(m.school_class)
        schools[m.user_id][m.school_class.school_id] = _school_ref(m.school_class.school)
    for pa in ProfileAssignment.objects.filter(
        user_id__in=child_ids, profile=Profile.ELEVE
    ).select_related("school"):
        assert pa.school is not None
        schools[pa.user_id][pa.school.pk] = _school_ref(pa.school)
    return [
        ChildRef(
            id=link.child.pk,
            login=link.child.login,
            display_name=link.child.display_name,
            first_name=link.child.first_name,
            classes=_sorted_classes(classes[link.child_id]),
            schools=_sorted_schools(schools[link.child_id]),
        )
        for link in links
    ]


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
