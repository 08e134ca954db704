import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.directory import services
from preau.directory.factories import (
    FunctionAssignmentFactory,
    RpiFactory,
    SchoolClassFactory,
    SchoolFactory,
    make_parent,
    make_pupil,
    make_teacher,
)
from preau.directory.models import Group, GroupMembership

pytestmark = pytest.mark.django_db


def members(name):
    return set(
        GroupMembership.objects.filter(group__name=name).values_list("user__login", flat=True)
    )


def test_school_and_class_groups_follow_the_directory(school_class):
    teacher = make_teacher(school_class)
    pupil = make_pupil(school_class, level="CE2")
    parent = make_parent(pupil)
    services.refresh_derived_groups(school_class.school)
    school = school_class.school.name
    assert members(f"{school} – Enseignants") == {teacher.login}
    assert members(f"{school} – Élèves") == {pupil.login}
    assert members(f"{school} – Parents") == {parent.login}
    assert members("CE1-CE2 – Élèves") == {pupil.login}
    assert members("Parents de CE1-CE2") == {parent.login}
    assert members("CE1-CE2 – Enseignants") == {teacher.login}


def test_refresh_applies_differences_and_is_stable(school_class):
    pupil = make_pupil(school_class)
    services.refresh_derived_groups(school_class.school)
    assert services.refresh_derived_groups(school_class.school) == {"added": 0, "removed": 0}
    pupil.class_memberships.update(ended_at="2026-10-01T00:00:00Z")
    changed = services.refresh_derived_groups(school_class.school)
    assert changed["removed"] == 1
    assert members("CE1-CE2 – Élèves") == set()


def test_members_leaving_several_groups_go_in_one_statement(school_class):
    other = SchoolClassFactory.create(school=school_class.school, name="CM2", levels=["CM2"])
    leaving = [make_pupil(school_class), make_pupil(other, level="CM2")]
    parents = [make_parent(pupil) for pupil in leaving]
    staying = make_pupil(school_class)
    services.refresh_derived_groups(school_class.school)
    for pupil in leaving:
        pupil.class_memberships.update(ended_at="2026-10-01T00:00:00Z")
    with CaptureQueriesContext(connection) as captured:
        changed = services.refresh_derived_groups(school_class.school)
    assert changed == {"added": 0, "removed": 4}  # two pupil groups, two parent groups
    deletes = [q for q in captured if q["sql"].startswith("DELETE")]
    assert len(deletes) == 1
    assert members("CE1-CE2 – Élèves") == {staying.login}
    assert members("CM2 – Élèves") == set()
    assert members("Parents de CE1-CE2") == members("Parents de CM2") == set()
    school = school_class.school.name
    assert members(f"{school} – Parents") == {p.login for p in parents}


def test_manual_groups_are_left_alone(school_class):
    manual = Group.objects.create(kind="manual", name="Chorale", school=school_class.school)
    GroupMembership.objects.create(group=manual, user=make_pupil(school_class))
    services.refresh_derived_groups(school_class.school)
    assert manual.memberships.count() == 1


def test_cross_school_groups_for_circonscription_collectivite_and_rpi():
    rpi = RpiFactory.create(name="RPI des Deux Villages")
    village_a = SchoolFactory.create(rpi=rpi)
    village_b = SchoolFactory.create(
        rpi=rpi,
        circonscription=village_a.circonscription,
        collectivite=village_a.collectivite,
    )
    teacher_a = make_teacher(SchoolClassFactory.create(school=village_a))
    teacher_b = make_teacher(SchoolClassFactory.create(school=village_b))
    FunctionAssignmentFactory.create(user=teacher_b, school=village_b, function="directeur")
    services.refresh_derived_groups(village_a)
    assert members("Enseignants – RPI des Deux Villages") == {teacher_a.login, teacher_b.login}
    circ = village_a.circonscription.name
    assert members(f"Enseignants – {circ}") == {teacher_a.login, teacher_b.login}
    coll = village_a.collectivite.name
    assert members(f"Directeurs d'école – {coll}") == {teacher_b.login}


def test_refresh_costs_the_same_queries_for_a_big_school(django_assert_num_queries, school):
    small = SchoolClassFactory.create(school=school)
    make_pupil(small)
    services.refresh_derived_groups(school)
    for index in range(3):
        big = SchoolClassFactory.create(school=school, name=f"CM{index}", levels=["CM1"])
        for _ in range(5):
            make_parent(make_pupil(big))
    # the cross-school groups found in one query, and locked in one more on PostgreSQL (ADR 0066)
    with django_assert_num_queries(12 if connection.vendor == "postgresql" else 11):
        changed = services.refresh_derived_groups(school)
    # 15 pupils and 15 parents, each in a school group and in a class group
    assert changed["added"] == 60
