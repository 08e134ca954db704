import pytest

from preau.directory.factories import (
    ClassMembershipFactory,
    SchoolClassFactory,
    make_parent,
    make_pupil,
    make_teacher,
)
from preau.directory.selectors import (
    list_children_with_parents,
    list_class_members,
    list_school_classes,
)

pytestmark = pytest.mark.django_db


def test_school_classes_with_counts_in_one_query(school, django_assert_num_queries):
    ce1 = SchoolClassFactory.create(school=school, name="CE1", levels=["CE1"])
    cp = SchoolClassFactory.create(school=school, name="CP", levels=["CP"])
    make_teacher(ce1)
    for _ in range(3):
        make_pupil(ce1)
    gone = make_pupil(cp)
    gone.class_memberships.update(ended_at="2026-10-01T00:00:00Z")
    SchoolClassFactory.create(school=school, name="Ancienne", school_year=ce1.school_year - 1)
    with django_assert_num_queries(1):
        classes = list_school_classes(school)
    counted = [(c.name, c.pupil_count, c.teacher_count) for c in classes]  # type: ignore[attr-defined]
    assert counted == [
        ("CE1", 3, 1),
        ("CP", 0, 0),
    ]


def test_class_members_teachers_first_in_one_query(school_class, django_assert_num_queries):
    make_pupil(school_class, last_name="Abel")
    make_pupil(school_class, last_name="Zidane")
    make_teacher(school_class, last_name="Morvan")
    ClassMembershipFactory.create(
        school_class=school_class, role="personnel", user__last_name="Bodin"
    )
    with django_assert_num_queries(1):
        members = list_class_members(school_class)
        names = [(m.role, m.user.last_name) for m in members]
    assert names == [
        ("enseignant", "Morvan"),
        ("personnel", "Bodin"),
        ("eleve", "Abel"),
        ("eleve", "Zidane"),
    ]


def test_parents_of_a_class_in_one_query(school_class, django_assert_num_queries):
    pupils = [make_pupil(school_class) for _ in range(4)]
    parents = {p.pk: make_parent(p) for p in pupils}
    with django_assert_num_queries(1):
        by_child = list_children_with_parents(school_class)
        assert {child: [p.pk for p in ps] for child, ps in by_child.items()} == {
            child: [parent.pk] for child, parent in parents.items()
        }
