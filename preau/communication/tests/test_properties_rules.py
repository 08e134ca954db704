"""Property tests over generated schools and rule edits (hypothesis, small and fast)."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preau.communication import catalogue as c
from preau.communication import services
from preau.communication.reach import reachable_people
from preau.communication.selectors import can_communicate, reach_of
from preau.communication.tests.helpers import tiny_school
from preau.directory.factories import ClassMembershipFactory, SchoolClassFactory, SchoolFactory

PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SENDERS = ["teacher", "director", "atsem", "pupil", "parent", "classmate_parent"]
toggles = st.dictionaries(st.sampled_from([t.code for t in c.TOGGLES]), st.booleans())
class_toggles = st.dictionaries(st.sampled_from([t.code for t in c.CLASS_TOGGLES]), st.booleans())


def two_schools():
    first = SchoolFactory.create()
    same_place = {
        "circonscription": first.circonscription,
        "collectivite": first.collectivite,
    }
    return tiny_school(**same_place), tiny_school(**same_place)


def everyone(t):
    return {getattr(t, name).pk for name in [*SENDERS, "classmate", "other_teacher"]}


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(rules_a=toggles, rules_b=toggles, overrides=class_toggles, sender=st.sampled_from(SENDERS))
def test_no_cross_school_leak_without_a_rule(rules_a, rules_b, overrides, sender):
    with transaction.atomic():
        a, b = two_schools()
        services.set_school_rules(None, a.school, rules_a)
        services.set_school_rules(None, b.school, rules_b)
        for code, enabled in overrides.items():
            services.set_class_rule(None, a.ce1, code, enabled)
        reached = set(reachable_people(reach_of(getattr(a, sender))).values_list("id", flat=True))
        leaked = reached & everyone(b)
        if sender == "director" and rules_a.get(c.DIRECTORS_TO_DIRECTORS):
            assert leaked <= {b.director.pk}
        else:
            assert not leaked
        transaction.set_rollback(True)


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(
    rules=toggles,
    scope=st.sampled_from(["global", "school", "profile", "school_profile"]),
    sender=st.sampled_from(SENDERS),
)
def test_the_kill_switch_blocks_every_send(rules, scope, sender):
    with transaction.atomic():
        t = tiny_school()
        services.set_school_rules(None, t.school, rules)
        user = getattr(t, sender)
        profile = user.profile_assignments.first().profile
        services.suspend_messaging(
            None,
            reason="Incident",
            school=t.school if scope.startswith("school") else None,
            profile=profile if scope.endswith("profile") else "",
        )
        for name in [*SENDERS, "classmate", "other_teacher"]:
            recipient = getattr(t, name)
            assert not can_communicate(user, recipient)
            assert not can_communicate(user, recipient, replying_to=recipient)
        transaction.set_rollback(True)


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(rules=toggles, overrides=class_toggles)
def test_a_new_school_year_keeps_the_school_rules(rules, overrides):
    with transaction.atomic():
        t = tiny_school()
        services.set_school_rules(None, t.school, rules)
        for code, enabled in overrides.items():
            services.set_class_rule(None, t.ce1, code, enabled)
        t.ce1.school_year -= 1
        t.ce1.save()
        new_class = SchoolClassFactory.create(school=t.school, name="CE2 B", levels=["CE2"])
        for pupil in (t.pupil, t.classmate):
            ClassMembershipFactory.create(user=pupil, school_class=new_class, level="CE2")
        parents_talk = rules.get(c.PARENTS_TO_PARENTS, False)
        pupils_talk = rules.get(c.PARENTS_TO_PUPILS, False)
        assert can_communicate(t.parent, t.classmate_parent) is parents_talk
        assert can_communicate(t.parent, t.classmate) is pupils_talk
        assert can_communicate(t.pupil, t.classmate)
        transaction.set_rollback(True)
