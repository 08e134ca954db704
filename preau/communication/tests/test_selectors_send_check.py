"""A send's check in one statement answers exactly what `can_communicate` answers, one by one."""

import datetime as dt

import pytest
from django.utils import timezone

from preau.communication import catalogue as c
from preau.communication import services
from preau.communication.factories import CommunicationRuleFactory, MessagingSuspensionFactory
from preau.communication.selectors import can_communicate, messaging_suspended_for
from preau.communication.send_check import check_send
from preau.communication.tests.helpers import TINY_SCHOOL_PEOPLE, tiny_school
from preau.directory.factories import make_parent, make_pupil
from preau.directory.models import Group
from preau.directory.services.groups import refresh_derived_groups

PEOPLE = TINY_SCHOOL_PEOPLE


@pytest.fixture
def t(db):
    return tiny_school()


def _groups(t):
    return list(Group.objects.filter(school=t.school)) + list(
        Group.objects.filter(school_class__school=t.school)
    )


@pytest.mark.parametrize("sender", PEOPLE)
@pytest.mark.parametrize("parents_to_parents", [False, True])
def test_the_set_answers_what_each_recipient_answers(t, sender, parents_to_parents):
    if parents_to_parents:
        CommunicationRuleFactory.create(school=t.school, code=c.PARENTS_TO_PARENTS, enabled=True)
    user = getattr(t, sender)
    people = [getattr(t, name) for name in PEOPLE]
    groups = _groups(t)
    check = check_send(user, [p.pk for p in people], [g.pk for g in groups])
    assert check.suspension is None
    assert check.people == {p.pk for p in people if can_communicate(user, p)}
    assert check.groups == {g.pk for g in groups if can_communicate(user, g)}


def test_a_recipient_may_always_answer_the_author(t):
    assert not can_communicate(t.parent, t.classmate_parent)
    check = check_send(t.classmate_parent, [t.parent.pk], [], replying_to=t.parent)
    assert check.people == {t.parent.pk}
    assert check_send(t.classmate_parent, [t.parent.pk], []).people == set()


@pytest.mark.parametrize("scope", ["global", "school", "profile", "other_profile", "ended"])
def test_the_kill_switch_is_the_one_messaging_suspended_for_finds(t, scope):
    now = timezone.now()
    MessagingSuspensionFactory.create(
        reason="Incident",
        school=t.school if scope == "school" else None,
        profile={"profile": "responsable", "other_profile": "enseignant"}.get(scope, ""),
        ends_at=now - dt.timedelta(minutes=1) if scope == "ended" else None,
        starts_at=now - dt.timedelta(hours=1),
    )
    expected = messaging_suspended_for(t.parent)
    check = check_send(t.parent, [t.teacher.pk], [])
    assert check.suspension == (expected.reason if expected else None)
    assert (expected is None) == (scope in ("other_profile", "ended"))


def test_the_first_suspension_is_reported(t):
    services.suspend_messaging(None, reason="Première", school=None, profile="")
    services.suspend_messaging(None, reason="Seconde", school=t.school, profile="")
    first = messaging_suspended_for(t.teacher)
    assert first is not None and first.reason == "Première"
    assert check_send(t.teacher, [t.parent.pk], []).suspension == "Première"


@pytest.mark.parametrize("more", [0, 8])
def test_two_statements_whatever_the_number_of_recipients(t, more, django_assert_num_queries):
    for _ in range(more):
        make_parent(make_pupil(t.ce1))
    refresh_derived_groups(t.school)
    parents = Group.objects.get(school_class=t.ce1, profile="responsable")
    with django_assert_num_queries(2):  # the sender's context, then every answer
        check = check_send(t.teacher, [t.parent.pk, t.director.pk], [parents.pk])
    assert (check.people, check.groups) == ({t.parent.pk, t.director.pk}, {parents.pk})


def test_wide_groups_answer_as_can_communicate(wide):
    groups = [wide.parents, wide.teachers, wide.circonscription_parents, wide.collectivite_parents]
    for sender in (wide.admin, wide.other_admin, wide.inspector, wide.tiny.teacher):
        check = check_send(sender, [], [g.pk for g in groups])
        assert check.groups == {g.pk for g in groups if can_communicate(sender, g)}
