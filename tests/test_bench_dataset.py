"""The benchmark's synthetic académie describes the rows Préau's own services would write.

The COPY loader needs PostgreSQL (it runs in the PostgreSQL pass of .ci/run); the ONDE files of a
synthetic school go through the real import service on any database.
"""

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from bench.dataset import load_academie, parent_login
from bench.onde_files import onde_files
from bench.people import CLASSES, PARENTS, PUPILS, TEACHERS, school_people
from preau.accounts.models import User
from preau.communication.selectors import visible_recipients
from preau.directory.models import (
    Academie,
    Departement,
    Group,
    GroupMembership,
    ParentLink,
    School,
)
from preau.directory.schoolyear import current_school_year
from preau.directory.services import refresh_derived_groups
from preau.imports.services import import_onde
from preau.imports.services.schools import school_for_import

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY needs PostgreSQL"
)


def load_one_school() -> None:
    connection.ensure_connection()
    load_academie(connection.connection, 1, current_school_year(), make_password("x-bench-test"))


def test_a_synthetic_school_has_the_reference_shape_and_no_homonym_pupils():
    people = school_people(7, 2026)
    assert (len(people.pupils), len(people.parents), len(people.teachers)) == (
        PUPILS,
        PARENTS,
        TEACHERS,
    )
    assert {p.class_index for p in people.pupils} == set(range(CLASSES))
    assert len({(p.last_name, p.first_name) for p in people.pupils}) == PUPILS
    assert people == school_people(7, 2026)  # deterministic


@pytest.mark.django_db
def test_the_onde_files_of_a_synthetic_school_import_all_its_people_and_reimport_unchanged():
    academie = Academie.objects.create(code="BENCHT", name="Bench")
    Departement.objects.create(code="910", academie=academie, name="Bench")
    year = current_school_year()
    people = school_people(0, year, base=9100000)
    school = school_for_import(people.uai, people.name)

    first = import_onde(None, school, onde_files(people), school_year=year).as_dict()
    again = import_onde(None, school, onde_files(people), school_year=year).as_dict()

    assert first["created"] == {"eleve": PUPILS, "responsable": PARENTS, "enseignant": TEACHERS}
    assert first["ambiguous"] == [] and first["errors"] == []
    assert ParentLink.objects.filter(child__profile_assignments__school=school).count() == len(
        people.links
    )
    assert again["created"] == {"eleve": 0, "responsable": 0, "enseignant": 0}
    assert again["unchanged"] == PUPILS + PARENTS + TEACHERS


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_copy_loaded_school_has_the_groups_the_directory_service_would_build():
    load_one_school()
    school = School.objects.get(profile_assignments__user__login=parent_login(0, 0))
    groups, members = Group.objects.count(), GroupMembership.objects.count()

    changed = refresh_derived_groups(school)

    assert changed == {"added": 0, "removed": 0}
    assert (Group.objects.count(), GroupMembership.objects.count()) == (groups, members)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_copy_loaded_parent_reaches_the_teachers_of_the_child_and_no_other_parent():
    load_one_school()
    parent = User.objects.get(login=parent_login(0, 0))

    found = visible_recipients(parent, "", 50)

    people = [r for r in found if r.type == "person"]
    assert people and {r.profile for r in people} <= {"enseignant", "eleve"}
    assert any(r.profile == "enseignant" for r in people)
