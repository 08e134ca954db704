from types import SimpleNamespace

import pytest
from django.utils import timezone

from preau.directory.factories import (
    FunctionAssignmentFactory,
    SchoolClassFactory,
    UserFactory,
    make_parent,
    make_pupil,
    make_teacher,
)
from preau.directory.models import Function
from preau.lifecycle.charter_v1 import TEXT, TITLE
from preau.lifecycle.models import Charter


@pytest.fixture
def charter(db):
    """The charter migration 0002 publishes; transactional tests flush it, so make sure."""
    return Charter.objects.get_or_create(
        version=1, defaults={"title": TITLE, "text": TEXT, "published_at": timezone.now()}
    )[0]


@pytest.fixture
def klass(school_class):
    """A class with a teacher, two pupils, the first with two parents; nobody activated."""
    teacher = make_teacher(school_class)
    ana = make_pupil(school_class, first_name="Ana", last_name="Martin", password=None)
    leo = make_pupil(school_class, first_name="Léo", last_name="Petit", password=None)
    mother = make_parent(ana, first_name="Claire", last_name="Martin", password=None)
    father = make_parent(ana, first_name="Paul", last_name="Martin", password=None)
    director = UserFactory.create()
    FunctionAssignmentFactory.create(
        user=director, function=Function.DIRECTEUR, school=school_class.school
    )
    other_class = SchoolClassFactory.create(school=school_class.school, name="CM2", levels=["CM2"])
    return SimpleNamespace(
        cls=school_class,
        teacher=teacher,
        ana=ana,
        leo=leo,
        mother=mother,
        father=father,
        director=director,
        other_class=other_class,
    )
