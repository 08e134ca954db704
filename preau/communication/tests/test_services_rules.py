"""Writing the rules and the kill switch: defaults, authorisation, audit, effect at once."""

import datetime

import pytest
from django.utils import timezone

from preau.communication import catalogue as c
from preau.communication import services
from preau.communication.models import CommunicationRule, MessagingSuspension
from preau.communication.selectors import (
    banner_for,
    can_communicate,
    messaging_suspended_for,
)
from preau.communication.tests.helpers import tiny_school
from preau.core.errors import InvalidInput, NotFound, PermissionDenied
from preau.core.models import AuditEvent
from preau.directory import services as directory_services
from preau.directory.factories import (
    CirconscriptionFactory,
    ClassMembershipFactory,
    CollectiviteFactory,
    FunctionAssignmentFactory,
    SchoolClassFactory,
)
from preau.directory.models import Function


@pytest.fixture
def t(db):
    return tiny_school()


def test_a_new_school_gets_the_default_rules(db):
    circonscription = CirconscriptionFactory.create()
    school = directory_services.create_school(
        None,
        uai="0449999E",
        name="École des Tilleuls",
        sector="public",
        kind="primaire",
        circonscription=circonscription,
        collectivite=CollectiviteFactory.create(academie=circonscription.departement.academie),
        commune="Nantes",
    )
    rules = dict(CommunicationRule.objects.filter(school=school).values_list("code", "enabled"))
    assert rules == c.DEFAULTS


def test_director_changes_are_audited_and_reset_restores_defaults(t):
    changed = services.set_school_rules(t.director, t.school, {c.PARENTS_TO_PARENTS: True})
    assert changed == [c.PARENTS_TO_PARENTS]
    assert can_communicate(t.parent, t.classmate_parent)
    assert AuditEvent.objects.filter(action="communication.rules.changed").exists()
    services.set_class_rule(t.teacher, t.ce1, c.PARENTS_TO_PUPILS, True)
    services.reset_school_rules(t.director, t.school)
    assert not can_communicate(t.parent, t.classmate_parent)
    assert not can_communicate(t.parent, t.classmate)


@pytest.mark.parametrize("who", ["teacher", "parent", "atsem", "pupil"])
def test_only_managers_edit_school_rules(t, who):
    with pytest.raises(PermissionDenied):
        services.set_school_rules(getattr(t, who), t.school, {c.PARENTS_TO_PARENTS: True})
    assert not CommunicationRule.objects.filter(school=t.school).exists()


def test_a_teacher_overrides_only_their_own_class(t):
    services.set_class_rule(t.teacher, t.ce1, c.PARENTS_TO_PARENTS, True)
    with pytest.raises(PermissionDenied):
        services.set_class_rule(t.teacher, t.ps, c.PARENTS_TO_PARENTS, True)
    with pytest.raises(InvalidInput) as error:
        services.set_class_rule(t.teacher, t.ce1, c.DIRECTORS_TO_DIRECTORS, True)
    assert error.value.code == "rule_not_per_class"


def test_unknown_rule_is_refused_with_a_typed_error(t):
    with pytest.raises(InvalidInput) as error:
        services.set_school_rule(t.director, t.school, "tout_le_monde", True)
    assert error.value.code == "rule_unknown"


def test_rules_follow_the_classes_of_the_next_school_year(t):
    services.set_school_rule(t.director, t.school, c.PARENTS_TO_PARENTS, True)
    assert can_communicate(t.parent, t.classmate_parent)
    year = t.ce1.school_year
    t.ce1.school_year = year - 1  # the rollover: last year's class is now history
    t.ce1.save()
    assert not can_communicate(t.parent, t.classmate_parent)
    new_class = SchoolClassFactory.create(school=t.school, name="CE2 A", levels=["CE2"])
    ClassMembershipFactory.create(user=t.pupil, school_class=new_class, level="CE2")
    ClassMembershipFactory.create(user=t.classmate, school_class=new_class, level="CE2")
    assert can_communicate(t.parent, t.classmate_parent)
    assert can_communicate(t.parent, new_class.memberships.get(role="eleve", user=t.pupil).user)


def test_school_kill_switch_stops_sending_at_once_and_shows_a_banner(t):
    assert can_communicate(t.parent, t.teacher)
    suspension = services.suspend_messaging(
        t.director,
        reason="Message déplacé en cours d'examen",
        school=t.school,
        profile="responsable",
    )
    assert messaging_suspended_for(t.parent) == suspension
    assert not can_communicate(t.parent, t.teacher)
    assert can_communicate(t.teacher, t.parent)  # only parents are suspended
    banner = banner_for(t.parent)
    assert banner is not None and banner["reason"] == "Message déplacé en cours d'examen"
    assert banner_for(t.teacher) is None
    assert AuditEvent.objects.filter(action="communication.messaging.suspended").exists()
    services.lift_suspension(t.director, suspension.pk)
    assert can_communicate(t.parent, t.teacher)
    assert banner_for(t.parent) is None
    with pytest.raises(NotFound):
        services.lift_suspension(t.director, suspension.pk)


def test_global_kill_switch_needs_an_academie_admin_and_a_reason(t):
    with pytest.raises(PermissionDenied):
        services.suspend_messaging(t.director, reason="Incident")
    admin = FunctionAssignmentFactory.create(
        function=Function.ADMIN_ACADEMIQUE,
        school=None,
        academie=t.school.circonscription.departement.academie,
    ).user
    with pytest.raises(InvalidInput):
        services.suspend_messaging(admin, reason="  ")
    assert not MessagingSuspension.objects.exists()
    services.suspend_messaging(admin, reason="Incident de sécurité")
    assert not can_communicate(t.teacher, t.parent)
    assert not can_communicate(admin, t.teacher)


def test_a_suspension_ends_by_itself_at_its_scheduled_end(t):
    suspension = services.suspend_messaging(
        t.director,
        reason="Pause",
        school=t.school,
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert not can_communicate(t.teacher, t.parent)
    MessagingSuspension.objects.filter(pk=suspension.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert can_communicate(t.teacher, t.parent)


def test_the_banner_costs_nothing_when_nothing_is_suspended(t, django_assert_num_queries):
    banner_for(t.parent)  # fills the cache
    with django_assert_num_queries(0):
        assert banner_for(t.parent) is None
