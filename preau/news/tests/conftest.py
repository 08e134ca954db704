from types import SimpleNamespace

import pytest

from preau.directory.factories import (
    FunctionAssignmentFactory,
    ProfileAssignmentFactory,
    SchoolFactory,
    UserFactory,
    make_parent,
    make_pupil,
    make_teacher,
)
from preau.directory.models import Function, Profile


@pytest.fixture
def town(school_class):
    school = school_class.school
    other = SchoolFactory.create(collectivite=school.collectivite)
    far = SchoolFactory.create()
    director = UserFactory.create()
    FunctionAssignmentFactory.create(user=director, function=Function.DIRECTEUR, school=school)
    mayor = UserFactory.create()
    FunctionAssignmentFactory.create(
        user=mayor, function=Function.ADMIN_COLLECTIVITE, collectivite=school.collectivite
    )
    pupil = make_pupil(school_class)
    atsem = UserFactory.create()
    ProfileAssignmentFactory.create(user=atsem, profile=Profile.PERSONNEL, school=school)
    return SimpleNamespace(
        school=school,
        other=other,
        far=far,
        director=director,
        mayor=mayor,
        teacher=make_teacher(school_class),
        pupil=pupil,
        parent=make_parent(pupil),
        atsem=atsem,
    )
