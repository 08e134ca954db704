"""A small school built with the directory factories, for rule tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from preau.directory.factories import (
    ClassMembershipFactory,
    FunctionAssignmentFactory,
    ProfileAssignmentFactory,
    SchoolClassFactory,
    SchoolFactory,
    make_parent,
    make_pupil,
    make_teacher,
)
from preau.directory.models import Function, Profile
from preau.directory.services.groups import refresh_derived_groups


@dataclass
class TinySchool:
    school: Any
    ce1: Any
    ps: Any
    teacher: Any
    other_teacher: Any
    director: Any
    atsem: Any
    pupil: Any
    classmate: Any
    maternelle_pupil: Any
    parent: Any
    classmate_parent: Any
    maternelle_parent: Any


# The people of `tiny_school`, by attribute name, for tests parametrised over every profile.
TINY_SCHOOL_PEOPLE = [
    "teacher",
    "other_teacher",
    "director",
    "atsem",
    "pupil",
    "classmate",
    "maternelle_pupil",
    "parent",
    "classmate_parent",
    "maternelle_parent",
]


def tiny_school(**school_fields: Any) -> TinySchool:
    school = SchoolFactory.create(**school_fields)
    ce1 = SchoolClassFactory.create(school=school, name="CE1 A", levels=["CE1"])
    ps = SchoolClassFactory.create(school=school, name="PS", levels=["PS"])
    teacher = make_teacher(ce1)
    other_teacher = make_teacher(ps)
    director = make_teacher(ce1)
    FunctionAssignmentFactory.create(user=director, function=Function.DIRECTEUR, school=school)
    atsem = ProfileAssignmentFactory.create(school=school, profile=Profile.PERSONNEL).user
    ClassMembershipFactory.create(user=atsem, school_class=ce1, role="personnel")
    pupil, classmate = make_pupil(ce1), make_pupil(ce1)
    maternelle_pupil = make_pupil(ps)
    tiny = TinySchool(
        school,
        ce1,
        ps,
        teacher,
        other_teacher,
        director,
        atsem,
        pupil,
        classmate,
        maternelle_pupil,
        make_parent(pupil),
        make_parent(classmate),
        make_parent(maternelle_pupil),
    )
    refresh_derived_groups(school)
    return tiny


@dataclass
class WideAcademie:
    """Two schools of one académie (different circonscriptions and collectivités), a school of
    another académie, and the people around them, for the wide groups (ADR 0047, 0048)."""

    tiny: TinySchool  # school A
    school_b: Any
    parent_b: Any
    twice_parent: Any  # a child in A and one in B
    blocked_parent: Any
    inactive_parent: Any
    stranger_parent: Any  # another académie
    admin: Any  # académie admin
    other_admin: Any  # admin of the other académie
    inspector: Any  # inspection of A's circonscription
    representative: Any  # profile collectivite on A's collectivité
    commune_admin: Any  # function admin_collectivite on A's collectivité
    parents: Any  # "Parents de l'académie"
    teachers: Any  # "Enseignants de l'académie"
    circonscription_parents: Any  # A's circonscription
    collectivite_parents: Any  # A's collectivité

    def expected_parents(self) -> set[int]:
        t = self.tiny
        return {
            t.parent.pk,
            t.classmate_parent.pk,
            t.maternelle_parent.pk,
            self.parent_b.pk,
            self.twice_parent.pk,
        }


def wide_academie() -> WideAcademie:
    from django.utils import timezone

    from preau.directory.factories import (
        AcademieFactory,
        CirconscriptionFactory,
        CollectiviteFactory,
        DepartementFactory,
    )
    from preau.directory.services.wide_groups import ensure_wide_groups

    tiny = tiny_school()
    academie = tiny.school.circonscription.departement.academie
    circ_b = CirconscriptionFactory.create(departement=tiny.school.circonscription.departement)
    school_b = SchoolFactory.create(
        circonscription=circ_b, collectivite=CollectiviteFactory.create(academie=academie)
    )
    class_b = SchoolClassFactory.create(school=school_b, levels=["CM1"])
    pupil_b, pupil_b2 = make_pupil(class_b), make_pupil(class_b)
    parent_b = make_parent(pupil_b)
    twice_parent = make_parent(make_pupil(tiny.ce1), pupil_b2)
    blocked_parent = make_parent(make_pupil(class_b), blocked_at=timezone.now())
    inactive_parent = make_parent(make_pupil(class_b), is_active=False)
    other = AcademieFactory.create(code="RENNES", name="Rennes")
    other_circ = CirconscriptionFactory.create(
        departement=DepartementFactory.create(academie=other, code="035", name="Ille-et-Vilaine")
    )
    other_school = SchoolFactory.create(
        circonscription=other_circ, collectivite=CollectiviteFactory.create(academie=other)
    )
    stranger_parent = make_parent(make_pupil(SchoolClassFactory.create(school=other_school)))
    admin, other_admin = (
        FunctionAssignmentFactory.create(
            function=Function.ADMIN_ACADEMIQUE, school=None, academie=a
        ).user
        for a in (academie, other)
    )
    inspector = ProfileAssignmentFactory.create(
        profile=Profile.INSPECTION, school=None, circonscription=tiny.school.circonscription
    ).user
    representative = ProfileAssignmentFactory.create(
        profile=Profile.COLLECTIVITE, school=None, collectivite=tiny.school.collectivite
    ).user
    commune_admin = FunctionAssignmentFactory.create(
        function=Function.ADMIN_COLLECTIVITE, school=None, collectivite=tiny.school.collectivite
    ).user
    for school in (tiny.school, school_b, other_school):
        refresh_derived_groups(school)
    parents, teachers = ensure_wide_groups(academie)
    ensure_wide_groups(other)
    (circonscription_parents,) = ensure_wide_groups(tiny.school.circonscription)
    (collectivite_parents,) = ensure_wide_groups(tiny.school.collectivite)
    return WideAcademie(
        tiny,
        school_b,
        parent_b,
        twice_parent,
        blocked_parent,
        inactive_parent,
        stranger_parent,
        admin,
        other_admin,
        inspector,
        representative,
        commune_admin,
        parents,
        teachers,
        circonscription_parents,
        collectivite_parents,
    )
