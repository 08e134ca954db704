import pytest

from preau.liaison import policies
from preau.liaison.factories import publish_to_class

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("teacher", {"view": True, "sign": False, "answer": False, "follow": True, "remind": True}),
        (
            "director",
            {"view": True, "sign": False, "answer": False, "follow": True, "remind": True},
        ),
        ("mother", {"view": True, "sign": True, "answer": False, "follow": False, "remind": False}),
        ("father", {"view": True, "sign": True, "answer": False, "follow": False, "remind": False}),
        ("ana", {"view": True, "sign": False, "answer": False, "follow": False, "remind": False}),
    ],
)
def test_abilities_by_profile(fam, who, expected, django_assert_num_queries):
    note = publish_to_class(fam.teacher, fam.cls)
    with django_assert_num_queries(5):  # the directory scope (4) and the person's rows
        assert policies.note_abilities(getattr(fam, who), note) == expected


def test_a_parent_of_another_class_sees_nothing(fam, django_assert_num_queries):
    from preau.directory.factories import make_parent, make_pupil

    outsider = make_parent(make_pupil(fam.other_class))
    note = publish_to_class(fam.teacher, fam.cls)
    assert not policies.note_abilities(outsider, note)["view"]
    with django_assert_num_queries(5):
        assert list(policies.visible_to(outsider)) == []
    assert list(policies.visible_to(fam.father)) == [note]
    assert list(policies.visible_to(fam.director)) == [note]


def test_writable_classes_of_a_teacher_and_a_director(fam, django_assert_num_queries):
    with django_assert_num_queries(5):
        assert list(policies.writable_classes(fam.teacher)) == [fam.cls]
    assert set(policies.writable_classes(fam.director)) == {fam.cls, fam.other_class}
    assert list(policies.writable_classes(fam.mother)) == []
