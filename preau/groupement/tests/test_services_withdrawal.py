"""Withdrawal, tacit renewal and exclusion (convention art. 3), around the window's edges."""

import datetime as dt

import pytest

from preau.core.errors import InvalidInput, PermissionDenied
from preau.core.models import AuditEvent
from preau.groupement import services
from preau.groupement.errors import (
    AdherentNotEngaged,
    ExclusionNeedsJudgment,
    WithdrawalNotOpen,
)


@pytest.mark.parametrize(
    "received",
    [dt.date(2026, 7, 19), dt.date(2027, 12, 1), dt.date(2028, 5, 18)],
    ids=["first-day", "middle", "day-before-window"],
)
def test_no_withdrawal_before_the_window_says_when_it_opens(adherent, representative, received):
    with pytest.raises(WithdrawalNotOpen) as caught:
        services.record_withdrawal(representative, adherent, received, today=received)

    assert caught.value.status == 409
    assert caught.value.details["opens"] == "2028-05-19"
    assert caught.value.details["closes"] == "2028-07-18"
    adherent.refresh_from_db()
    assert adherent.commitment == "first_period"


@pytest.mark.parametrize("received", [dt.date(2028, 5, 19), dt.date(2028, 7, 18)])
def test_a_letter_received_inside_the_window_records_the_withdrawal(
    adherent, representative, received
):
    services.record_withdrawal(representative, adherent, received, today=dt.date(2028, 7, 18))

    adherent.refresh_from_db()
    assert adherent.commitment == "withdrawn"
    assert adherent.withdrawal_letter_on == received
    event = AuditEvent.objects.get(action="groupement.withdrawal_recorded")
    assert event.actor_id == representative.pk
    assert event.data["document"] == "courrier de retrait"


def test_a_letter_on_the_last_period_day_is_too_late(adherent, representative):
    with pytest.raises(WithdrawalNotOpen) as caught:
        services.record_withdrawal(
            representative, adherent, dt.date(2028, 7, 19), today=dt.date(2028, 7, 19)
        )
    assert "reconduit tacitement" in caught.value.message


def test_a_letter_date_in_the_future_is_refused(adherent, representative):
    with pytest.raises(InvalidInput):
        services.record_withdrawal(
            representative, adherent, dt.date(2028, 6, 2), today=dt.date(2028, 6, 1)
        )


def test_tacit_renewal_is_recorded_on_the_end_of_the_first_period(adherent):
    assert not services.record_tacit_renewal(adherent, today=dt.date(2028, 7, 18))
    assert services.record_tacit_renewal(adherent, today=dt.date(2028, 9, 3))
    assert not services.record_tacit_renewal(adherent, today=dt.date(2028, 9, 4))

    adherent.refresh_from_db()
    assert adherent.commitment == "renewed"
    assert adherent.renewed_on == dt.date(2028, 7, 19)


def test_a_withdrawn_adherent_is_not_renewed(adherent, representative):
    services.record_withdrawal(
        representative, adherent, dt.date(2028, 6, 1), today=dt.date(2028, 6, 1)
    )

    assert not services.record_tacit_renewal(adherent, today=dt.date(2028, 7, 19))
    with pytest.raises(AdherentNotEngaged):
        services.place_order(representative, adherent, 10, today=dt.date(2028, 8, 1))


def test_exclusion_needs_a_judicial_decision(adherent, coordinator):
    with pytest.raises(ExclusionNeedsJudgment) as caught:
        services.exclude(coordinator, adherent, "  ")
    assert "article 3" in caught.value.message

    services.exclude(coordinator, adherent, "TA Nantes, n° 2701234, 12 mars 2027")
    adherent.refresh_from_db()
    assert adherent.commitment == "excluded"
    assert adherent.exclusion_decision.startswith("TA Nantes")


def test_a_representative_cannot_exclude(adherent, representative):
    with pytest.raises(PermissionDenied):
        services.exclude(representative, adherent, "TA Nantes, n° 1")
