from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from preau.core.testing.fixtures import session_read_queries
from preau.directory.factories import (
    FunctionAssignmentFactory,
    SchoolClassFactory,
    SchoolFactory,
    make_parent,
    make_pupil,
    make_teacher,
)
from preau.directory.models import Function

pytestmark = pytest.mark.django_db
URL = "/compte/"


def _page(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_anonymous_people_must_log_in_first():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/"


def test_a_teacher_sees_identity_profile_school_and_class():
    school = SchoolFactory.create(name="École des Tilleuls")
    school_class = SchoolClassFactory.create(school=school, name="CE1 A")
    teacher = make_teacher(school_class, login="anne.roux", first_name="Anne", last_name="Roux")
    html = _page(teacher)
    assert "Anne ROUX" in html
    assert "anne.roux" in html
    assert "Enseignant" in html
    assert "École des Tilleuls" in html and school.uai in html
    assert "CE1 A" in html
    assert 'href="/compte/mot-de-passe/"' in html


def test_a_director_sees_the_function():
    school_class = SchoolClassFactory.create()
    director = make_teacher(school_class)
    FunctionAssignmentFactory.create(
        user=director, function=Function.DIRECTEUR, school=school_class.school
    )
    assert "Directeur ou directrice d'école" in _page(director)


def test_a_parent_sees_each_child_with_their_class():
    school = SchoolFactory.create()
    cp, cm1 = (
        SchoolClassFactory.create(school=school, name="CP B"),
        SchoolClassFactory.create(school=school, name="CM1 A"),
    )
    tom = make_pupil(cp, first_name="Tom", last_name="Garnier")
    zoe = make_pupil(cm1, first_name="Zoé", last_name="Garnier")
    html = _page(make_parent(tom, zoe))
    assert "Mes enfants" in html
    assert "Tom GARNIER : CP B" in html
    assert "Zoé GARNIER : CM1 A" in html


@pytest.mark.parametrize("children_count", [1, 4])
def test_the_page_costs_a_fixed_number_of_queries(django_assert_num_queries, children_count):
    school = SchoolFactory.create()
    children = [make_pupil(SchoolClassFactory.create(school=school)) for _ in range(children_count)]
    parent = make_parent(*children)
    client = Client()
    client.force_login(parent)
    client.get(URL)  # warm the session
    # session (unless cached), user, the person context (1), the storage gauge (1)
    with django_assert_num_queries(3 + session_read_queries()):
        assert client.get(URL).status_code == 200
