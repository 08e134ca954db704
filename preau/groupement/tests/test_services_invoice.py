"""The annual invoice statement: BPU price, HT/TVA/TTC in cents, from the frozen snapshot."""

import pytest
from django.utils import timezone

from preau.directory.factories import ProfileAssignmentFactory, UserFactory
from preau.groupement import services
from preau.groupement.errors import SnapshotMissing
from preau.groupement.services.snapshots import vat_of

TODAY = timezone.localdate()


@pytest.fixture
def frozen(adherent, attached_school, coordinator, settings):
    settings.PREAU_BPU_UNIT_PRICE_CENTS = 133
    services.set_need(coordinator, adherent, attached_school.uai, 10, profile="eleve")
    services.place_order(coordinator, adherent, 10, number="BC-2026-7", today=TODAY)
    for _ in range(4):
        user = UserFactory.create(activated_at=timezone.now())
        ProfileAssignmentFactory.create(user=user, profile="eleve", school=attached_school)
    services.freeze_snapshot(coordinator, adherent, TODAY)
    return adherent


def test_invoice_bills_at_least_the_commitment(frozen, coordinator, attached_school):
    invoice, created = services.issue_invoice(coordinator, frozen, TODAY.year, today=TODAY)

    assert created
    assert invoice.accounts == 10  # 4 activated, 10 ordered: the commitment is due
    assert invoice.total_ht_cents == 1330
    assert invoice.vat_cents == 266
    assert invoice.total_ttc_cents == 1596
    assert (invoice.order_number, invoice.chorus_service_code) == ("BC-2026-7", "SERVICE-ENT")
    lines = services.invoice_lines(invoice)
    assert [(line.uai, line.accounts) for line in lines] == [(attached_school.uai, 4), ("", 6)]
    assert sum(line.amount_cents for line in lines) == invoice.total_ht_cents


def test_invoice_is_issued_once_per_year(frozen, coordinator):
    first, _ = services.issue_invoice(coordinator, frozen, TODAY.year, today=TODAY)
    again, created = services.issue_invoice(coordinator, frozen, TODAY.year, today=TODAY)
    assert not created and again.pk == first.pk


def test_no_invoice_without_a_snapshot(adherent, coordinator):
    with pytest.raises(SnapshotMissing):
        services.issue_invoice(coordinator, adherent, 2031)


@pytest.mark.parametrize(("ht", "vat"), [(1330, 266), (5, 1), (2, 0), (123457, 24691)])
def test_vat_is_rounded_half_up_to_the_cent(ht, vat):
    assert vat_of(ht, 200) == vat


def test_invoices_command_issues_once_and_skips_adherents_without_snapshot(
    frozen, groupement, coordinator
):
    from io import StringIO

    from django.core.management import call_command

    from preau.groupement.factories import AdherentFactory

    AdherentFactory.create(groupement=groupement, legal_name="Commune sans relevé")
    out, again = StringIO(), StringIO()
    call_command("groupement_invoices", "--year", str(TODAY.year), stdout=out)
    call_command("groupement_invoices", "--year", str(TODAY.year), stdout=again)

    assert "Commune sans relevé : aucun relevé figé" in out.getvalue()
    assert "(établi), 10 comptes, 15,96\u00a0€ TTC" in out.getvalue()
    assert "(déjà établi)" in again.getvalue()
