"""The adhesion file's status from its dates and pieces; SIREN/SIRET keys; the calendar."""

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile

from preau.core.errors import InvalidInput
from preau.core.models import AuditEvent
from preau.groupement import services
from preau.groupement.calendar import ContractCalendar
from preau.groupement.identifiers import luhn_valid, with_luhn_key

COMPLETE: dict[str, Any] = {
    "letter_received_on": dt.date(2026, 1, 20),
    "signatory_name": "Nadine You",
    "signatory_function": "Maire",
    "signed_on": dt.date(2026, 1, 15),
    "deliberation_number": "251210.04",
    "deliberation_session_on": dt.date(2025, 12, 10),
    "deliberation_vote": "Unanimité (25 votants)",
    "prefecture_ack_on": dt.date(2025, 12, 11),
    "published_on": dt.date(2025, 12, 12),
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _status(adherent):
    adherent.adhesion.refresh_from_db()
    return adherent.adhesion.status(adherent.needs.exists())


def test_status_goes_received_incomplete_complete(adherent, attached_school, coordinator):
    services.update_adhesion_file(coordinator, adherent, letter_received_on=dt.date(2026, 1, 20))
    assert _status(adherent) == "received"

    services.update_adhesion_file(coordinator, adherent, document="convention", **COMPLETE)
    assert _status(adherent) == "incomplete"
    assert adherent.adhesion.missing_documents() == ["annexe 1 : copie PDF de la délibération"]

    pdf = ContentFile(b"%PDF-1.4 deliberation", name="deliberation.pdf")
    services.update_adhesion_file(coordinator, adherent, document="annexe 1", deliberation_pdf=pdf)
    services.set_need(coordinator, adherent, attached_school.uai, 40)
    assert _status(adherent) == "complete"
    event = AuditEvent.objects.filter(action="groupement.adhesion_file_updated")[0]
    assert event.data["document"] == "annexe 1"
    assert event.data["changes"]["deliberation_pdf"].endswith(".pdf")


def test_a_letter_after_the_deadline_is_hors_delai_like_the_seed(adherent, coordinator):
    late = COMPLETE | {
        "letter_received_on": dt.date(2026, 3, 10),
        "deliberation_number": "260303.32",
        "deliberation_session_on": dt.date(2026, 3, 3),
        "prefecture_ack_on": dt.date(2026, 3, 4),
        "published_on": dt.date(2026, 3, 5),
    }
    services.update_adhesion_file(coordinator, adherent, **late)
    assert _status(adherent) == "late"

    services.update_adhesion_file(coordinator, adherent, letter_received_on=dt.date(2026, 1, 24))
    assert _status(adherent) != "late"


def test_representative_cannot_edit_the_file(adherent, representative):
    with pytest.raises(Exception, match="droit"):
        services.update_adhesion_file(representative, adherent, signatory_name="X")


def test_unknown_file_fields_are_refused(adherent, coordinator):
    with pytest.raises(InvalidInput):
        services.update_adhesion_file(coordinator, adherent, status="complete")


@pytest.mark.parametrize(
    ("siren", "valid"),
    [("732829320", True), ("732829321", False), ("12345678", False), ("abcdefghi", False)],
)
def test_siren_is_checked_with_its_luhn_key(groupement, coordinator, siren, valid):
    fields = {"kind": "commune", "legal_name": "Commune test", "siren": siren}
    if valid:
        assert services.register_adherent(coordinator, groupement, **fields).siren == siren
    else:
        with pytest.raises(InvalidInput, match="SIREN"):
            services.register_adherent(coordinator, groupement, **fields)


def test_siret_la_poste_exception_and_luhn():
    from django.core.exceptions import ValidationError

    from preau.groupement.identifiers import validate_siret

    validate_siret("73282932000074")
    validate_siret("35600000000015")  # La Poste: digit sum multiple of 5, not Luhn
    with pytest.raises(ValidationError):
        validate_siret("73282932000075")
    assert luhn_valid(with_luhn_key("21440987"))


def test_calendar_of_the_convention():
    cal = ContractCalendar(dt.date(2026, 1, 24), dt.date(2026, 7, 19), 24, 24)

    assert cal.first_period_end == dt.date(2028, 7, 19)
    assert cal.end == dt.date(2030, 7, 19)
    assert (cal.window_opens, cal.window_last_day) == (dt.date(2028, 5, 19), dt.date(2028, 7, 18))
    assert cal.reminder_date("opens_in_3_months") == dt.date(2028, 2, 19)
    assert cal.reminder_date("opens_in_1_month") == dt.date(2028, 4, 19)
    assert cal.reminder_date("closes_in_2_weeks") == dt.date(2028, 7, 5)
