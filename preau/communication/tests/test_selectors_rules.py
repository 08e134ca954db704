"""The rules of rules.md §7.3 on a small school built with factories."""

import pytest
from django.utils import timezone

from preau.communication import catalogue as c
from preau.communication import services
from preau.communication.factories import CommunicationRuleFactory
from preau.communication.selectors import can_communicate, can_reply, visible_recipients
from preau.communication.tests.helpers import tiny_school
from preau.directory.factories import (
    FunctionAssignmentFactory,
    GroupFactory,
    GroupMembershipFactory,
    ProfileAssignmentFactory,
    make_pupil,
)
from preau.directory.models import Function, Group, Profile


@pytest.fixture
def t(db):
    return tiny_school()


def test_parents_of_a_class_cannot_write_to_each_other_until_the_school_allows_it(t):
    assert not can_communicate(t.parent, t.classmate_parent)
    assert not can_communicate(t.parent, t.classmate)
    CommunicationRuleFactory.create(school=t.school, code=c.PARENTS_TO_PARENTS, enabled=True)
    assert can_communicate(t.parent, t.classmate_parent)
    assert can_communicate(t.classmate_parent, t.parent)
    assert not can_communicate(t.parent, t.classmate)


def test_class_override_beats_the_school_rule_for_that_class_only(t):
    CommunicationRuleFactory.create(
        school=t.school, school_class=t.ce1, code=c.PARENTS_TO_PUPILS, enabled=True
    )
    assert can_communicate(t.parent, t.classmate)
    assert can_communicate(t.classmate, t.parent)  # two-way link
    other = make_pupil(t.ps)
    assert not can_communicate(t.maternelle_parent, other)


def test_pupils_reach_director_only_when_toggled(t):
    head = ProfileAssignmentFactory.create(school=t.school, profile=Profile.ENSEIGNANT).user
    FunctionAssignmentFactory.create(user=head, function=Function.DIRECTEUR, school=t.school)
    assert not can_communicate(t.pupil, t.other_teacher)
    assert not can_communicate(t.pupil, head)
    assert can_communicate(t.pupil, t.director)  # this one teaches the class
    CommunicationRuleFactory.create(school=t.school, code=c.PUPILS_TO_DIRECTOR, enabled=True)
    assert can_communicate(t.pupil, head)


def test_cycle_1_pupils_have_no_messaging(t):
    assert not can_communicate(t.maternelle_pupil, t.other_teacher)
    assert visible_recipients(t.maternelle_pupil) == []
    assert not can_communicate(t.other_teacher, t.maternelle_pupil)
    assert can_communicate(t.other_teacher, t.pupil)


def test_teachers_can_be_restricted_to_the_parents_of_their_classes(t):
    assert can_communicate(t.teacher, t.maternelle_parent)
    services.set_school_rule(None, t.school, c.TEACHERS_OWN_PARENTS_ONLY, True)
    assert not can_communicate(t.teacher, t.maternelle_parent)
    assert can_communicate(t.teacher, t.parent)


def test_personnel_reach_staff_and_families_only_through_toggles(t):
    assert can_communicate(t.atsem, t.teacher)
    assert not can_communicate(t.atsem, t.parent)
    assert not can_communicate(t.atsem, t.pupil)
    assert can_communicate(t.pupil, t.atsem)
    services.set_class_rule(None, t.ce1, c.PARENTS_TO_PERSONNEL, True)
    services.set_class_rule(None, t.ce1, c.PERSONNEL_TO_PUPILS, True)
    assert can_communicate(t.atsem, t.parent) and can_communicate(t.parent, t.atsem)
    assert can_communicate(t.atsem, t.pupil)


def test_blocked_people_and_empty_groups_never_appear(t):
    t.teacher.blocked_at = timezone.now()
    t.teacher.save()
    ids = {r.id for r in visible_recipients(t.parent, limit=50) if r.type == "person"}
    assert t.teacher.pk not in ids and t.director.pk in ids
    assert not can_communicate(t.parent, t.teacher)
    empty = GroupFactory.create(kind=Group.Kind.MANUAL, owner=t.director, school=t.school)
    names = {r.display_name for r in visible_recipients(t.director, limit=50)}
    assert empty.name not in names
    GroupMembershipFactory.create(group=empty, user=t.teacher)  # blocked: still empty
    assert empty.name not in {r.display_name for r in visible_recipients(t.director, limit=50)}
    GroupMembershipFactory.create(group=empty, user=t.other_teacher)
    assert empty.name in {r.display_name for r in visible_recipients(t.director, limit=50)}
    assert can_communicate(t.director, empty)


def test_broadcast_groups_follow_the_rules(t):
    class_parents = Group.objects.get(
        kind="class_profile", school_class=t.ce1, profile="responsable"
    )
    assert can_communicate(t.teacher, class_parents)
    assert not can_communicate(t.parent, class_parents)
    maternelle_pupils = Group.objects.get(kind="class_profile", school_class=t.ps, profile="eleve")
    assert not can_communicate(t.director, maternelle_pupils)  # only cycle 1 members


def test_a_recipient_may_always_answer_the_sender(t):
    other = tiny_school()
    assert not can_communicate(t.parent, other.teacher)
    assert can_reply(t.parent, other.teacher)
    assert not can_communicate(t.parent, other.teacher, replying_to=other.director)


def test_nobody_reaches_another_school(t):
    other = tiny_school(circonscription=t.school.circonscription)
    for sender in (t.teacher, t.parent, t.pupil, t.atsem):
        reached = {r.id for r in visible_recipients(sender, limit=50) if r.type == "person"}
        assert not reached & {other.teacher.pk, other.parent.pk, other.pupil.pk, other.director.pk}


def test_directors_reach_other_directors_only_when_toggled(t):
    other = tiny_school(circonscription=t.school.circonscription)
    assert not can_communicate(t.director, other.director)
    services.set_school_rule(None, t.school, c.DIRECTORS_TO_DIRECTORS, True)
    assert can_communicate(t.director, other.director)
    assert not can_communicate(t.director, other.teacher)


@pytest.mark.parametrize("size", [1, 6])
def test_checking_one_pair_costs_the_same_whatever_the_school_size(
    db, size, django_assert_num_queries
):
    schools = [tiny_school() for _ in range(size)]
    t = schools[0]
    with django_assert_num_queries(PAIR_QUERIES):
        assert can_communicate(t.parent, t.teacher)
    with django_assert_num_queries(PAIR_QUERIES):
        assert can_communicate(t.teacher, schools[-1].pupil) is (size == 1)


@pytest.mark.parametrize("size", [1, 6])
def test_listing_recipients_costs_a_fixed_number_of_queries(db, size, django_assert_num_queries):
    schools = [tiny_school() for _ in range(size)]
    t = schools[0]
    for who, query in ((t.teacher, ""), (t.parent, ""), (t.director, "a"), (t.pupil, "")):
        with django_assert_num_queries(LIST_QUERIES):
            assert visible_recipients(who, query, 50)


PAIR_QUERIES = 3  # suspension, the sender's facts and rules in one UNION, 1 exists
LIST_QUERIES = 2  # the sender's context, then people (with profiles) and groups in one statement
