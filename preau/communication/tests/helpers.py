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
