import pytest

from preau.lifecycle import policies, selectors

pytestmark = pytest.mark.django_db


def test_class_accounts_lists_pupils_then_their_parents_in_three_queries(
    klass, django_assert_num_queries
):
    with django_assert_num_queries(3):
        rows = selectors.class_accounts(klass.cls)
    assert [r.user for r in rows][:3] == [klass.ana, klass.mother, klass.father] or [
        r.user for r in rows
    ][:3] == [klass.ana, klass.father, klass.mother]
    assert {r.state for r in rows} == {"Jamais activé"}


def test_activation_by_class_in_three_queries(klass, django_assert_num_queries):
    with django_assert_num_queries(3):
        rows = selectors.activation_by_class(klass.cls.school)
    row = next(r for r in rows if r.school_class == klass.cls)
    assert (row.pupils, row.parents, row.parents_activated) == (2, 2, 0)


@pytest.mark.parametrize(
    ("actor", "target", "expected"),
    [
        ("teacher", "ana", {"renew": True, "block": False, "restore": False}),
        ("teacher", "mother", {"renew": True, "block": False, "restore": False}),
        ("director", "mother", {"renew": True, "block": True, "restore": True}),
        ("director", "director", {"renew": False, "block": False, "restore": False}),
        ("mother", "ana", {"renew": False, "block": False, "restore": False}),
    ],
)
def test_who_may_act_on_an_account(klass, actor, target, expected, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        assert policies.get_abilities(getattr(klass, actor), getattr(klass, target)) == expected


def test_teacher_sees_only_own_classes_for_letters(klass, django_assert_num_queries):
    with django_assert_num_queries(5):
        assert list(policies.visible_to(klass.teacher)) == [klass.cls]
    assert policies.get_abilities(klass.teacher, klass.other_class)["print_letters"] is False
