"""Orders (convention art. 7.1): the first order covers the need; later ones add to it."""

import datetime as dt

import pytest

from preau.core.errors import InvalidInput, PermissionDenied
from preau.core.models import AuditEvent
from preau.directory.factories import UserFactory
from preau.groupement import selectors, services
from preau.groupement.errors import AdherentNotEngaged, OrderBelowCommitment
from preau.groupement.models import PurchaseOrder

DAY = dt.date(2026, 9, 1)


@pytest.fixture
def need_of_120(adherent, attached_school, coordinator):
    services.set_need(coordinator, adherent, attached_school.uai, 100, profile="eleve")
    services.set_need(coordinator, adherent, attached_school.uai, 20, profile="enseignant")
    return 120


def test_first_order_below_the_need_is_refused_citing_article_7(
    adherent, need_of_120, representative
):
    with pytest.raises(OrderBelowCommitment) as caught:
        services.place_order(representative, adherent, 119, today=DAY)

    assert caught.value.status == 422
    assert "article 7.1" in caught.value.message
    assert caught.value.details["need"] == 120
    assert not PurchaseOrder.objects.exists()


def test_first_order_at_the_need_then_a_smaller_one_adds_up(adherent, need_of_120, representative):
    services.place_order(representative, adherent, 120, today=DAY)
    services.place_order(representative, adherent, 5, today=DAY + dt.timedelta(days=30))

    assert selectors.ordered_accounts(adherent, dt.date(2026, 12, 1)) == 125
    assert selectors.ordered_accounts(adherent, DAY) == 120
    assert AuditEvent.objects.filter(action="groupement.order_placed").count() == 2


@pytest.mark.parametrize("accounts", [0, -3])
def test_an_order_needs_at_least_one_account(adherent, representative, accounts):
    with pytest.raises(InvalidInput):
        services.place_order(representative, adherent, accounts, today=DAY)


def test_renewal_orders_wait_for_the_tacit_renewal(adherent, need_of_120, representative):
    services.place_order(representative, adherent, 120, today=DAY)
    with pytest.raises(AdherentNotEngaged):
        services.place_order(representative, adherent, 120, period="renewal", today=DAY)

    assert services.record_tacit_renewal(adherent, today=dt.date(2028, 7, 19))
    order = services.place_order(
        representative, adherent, 90, period="renewal", today=dt.date(2028, 7, 20)
    )
    assert order.period == "renewal"
    assert selectors.ordered_accounts(adherent, dt.date(2028, 8, 1)) == 90


def test_a_stranger_cannot_order_for_an_adherent(adherent):
    with pytest.raises(PermissionDenied):
        services.place_order(UserFactory.create(), adherent, 500, today=DAY)


def test_a_school_belongs_to_one_adherent_at_a_time(
    adherent, attached_school, groupement, coordinator
):
    from preau.core.errors import Conflict
    from preau.groupement.factories import AdherentFactory

    other = AdherentFactory.create(groupement=groupement)
    with pytest.raises(Conflict):
        services.attach_school(coordinator, other, attached_school, DAY)

    services.detach_school(coordinator, adherent, attached_school, DAY)
    moved = services.attach_school(coordinator, other, attached_school, DAY + dt.timedelta(days=1))
    assert moved.adherent == other
