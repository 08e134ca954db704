"""Counts: loaded / activated / active by school and profile, and the pinned query counts."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from preau.directory.factories import ProfileAssignmentFactory, SchoolFactory, UserFactory
from preau.groupement import policies, selectors, services
from preau.groupement.factories import AdherentFactory
from preau.groupement.models import Adherent, SchoolAttachment

TODAY = timezone.localdate()


def _person(school, profile, activated=False, logged_in=False):
    now = timezone.now()
    user = UserFactory.create(
        activated_at=now if activated else None, last_login=now if logged_in else None
    )
    ProfileAssignmentFactory.create(user=user, profile=profile, school=school)
    return user


@pytest.fixture
def populated(adherent, attached_school, coordinator):
    services.set_need(coordinator, adherent, attached_school.uai, 3, profile="eleve")
    services.place_order(coordinator, adherent, 3, today=TODAY)
    _person(attached_school, "eleve", activated=True, logged_in=True)
    _person(attached_school, "eleve", activated=True)
    _person(attached_school, "eleve")
    _person(attached_school, "enseignant", activated=True, logged_in=True)
    _person(SchoolFactory.create(), "eleve", activated=True)  # not attached: never counted
    return adherent


def test_counts_split_loaded_activated_active_by_profile(populated, attached_school):
    result = selectors.commitment(populated, TODAY)

    cells = {(r.uai, r.profile): r.counts for r in result.rows}
    pupils = cells[(attached_school.uai, "eleve")]
    assert (pupils.need, pupils.loaded, pupils.activated, pupils.active) == (3, 3, 2, 1)
    assert cells[(attached_school.uai, "enseignant")].loaded == 1
    assert (result.need, result.ordered, result.total.loaded) == (3, 3, 4)
    assert result.total.activation_rate == 75
    assert result.over_ordered is False


def test_alert_when_activated_accounts_exceed_the_order(populated, attached_school):
    _person(attached_school, "eleve", activated=True)
    _person(attached_school, "responsable", activated=True)

    assert selectors.commitment(populated, TODAY).over_ordered is True


def test_a_school_detached_before_the_date_is_not_counted(populated, attached_school, coordinator):
    services.detach_school(coordinator, populated, attached_school, TODAY - dt.timedelta(days=1))

    assert selectors.commitment(populated, TODAY).total.loaded == 0
    assert selectors.ordered_accounts(populated, TODAY) == 3  # the order never shrinks


def test_adherent_page_costs_nine_queries_whatever_the_schools(
    populated, collectivite, django_assert_num_queries
):
    for _ in range(4):
        school = SchoolFactory.create(collectivite=collectivite)
        SchoolAttachment.objects.create(adherent=populated, school=school, valid_from=TODAY)
        _person(school, "eleve")
    adherent = Adherent.objects.select_related("groupement", "adhesion").get(pk=populated.pk)

    with django_assert_num_queries(9):
        page = selectors.adherent_page(adherent, TODAY)

    assert page.commitment.total.loaded == 8


def test_console_lists_cost_two_queries_whatever_the_adherents(
    populated, groupement, coordinator, django_assert_num_queries
):
    for _ in range(5):
        AdherentFactory.create(groupement=groupement)
    scope = policies.get_scope(coordinator)

    with django_assert_num_queries(2):
        adherents: list[Any] = list(
            selectors.with_totals(policies.visible_to(coordinator, scope), TODAY)
        )
        actual = selectors.activated_by_adherent([a.pk for a in adherents], TODAY)

    totals = {a.pk: (a.need_total, a.ordered_total) for a in adherents}
    assert totals[populated.pk] == (3, 3)
    assert actual[populated.pk] == {"loaded": 4, "activated": 3}
    assert len(adherents) == 6
