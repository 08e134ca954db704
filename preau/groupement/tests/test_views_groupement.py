"""The console and the representative's space: what each sees, downloads, query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from preau.directory.factories import ProfileAssignmentFactory, SchoolFactory, UserFactory
from preau.groupement import services
from preau.groupement.factories import AdherentFactory
from preau.groupement.models import SchoolAttachment

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setattr("preau.groupement.clock.today", lambda: TODAY)


@pytest.fixture
def invoiced(adherent, attached_school, coordinator):
    services.set_need(coordinator, adherent, attached_school.uai, 2, profile="eleve")
    services.place_order(coordinator, adherent, 2, number="BC-42", today=TODAY)
    ProfileAssignmentFactory.create(profile="eleve", school=attached_school)
    services.freeze_snapshot(coordinator, adherent, TODAY)
    invoice, _ = services.issue_invoice(coordinator, adherent, TODAY.year, today=TODAY)
    return invoice


@pytest.fixture
def neighbour(groupement):
    other = AdherentFactory.create(groupement=groupement, legal_name="Commune voisine")
    school = SchoolFactory.create(name="École de la commune voisine")
    SchoolAttachment.objects.create(adherent=other, school=school, valid_from=TODAY)
    return other


def test_representative_lands_on_its_adherent_with_need_ordered_actual(
    client, adherent, invoiced, representative, neighbour
):
    client.force_login(representative)

    response = client.get(reverse("groupement:home"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("groupement:adherent", args=[adherent.pk])
    page = response.content.decode()
    assert "Commune de Mésanger" in page
    assert "École des Tilleuls" in page
    assert "Commune voisine" not in page and "École de la commune voisine" not in page
    commitment = response.context["page"].commitment
    assert (commitment.need, commitment.ordered, commitment.total.loaded) == (2, 2, 1)
    assert "du 19/05/2028 au 18/07/2028" in page


def test_representative_cannot_open_another_adherent_or_its_invoice(
    client, representative, neighbour, invoiced
):
    client.force_login(representative)

    assert client.get(reverse("groupement:adherent", args=[neighbour.pk])).status_code == 404
    url = reverse("groupement:invoice", args=[neighbour.pk, invoiced.pk, "pdf"])
    assert client.get(url).status_code == 404


def test_invoice_pdf_and_csv_download(client, adherent, invoiced, representative):
    client.force_login(representative)

    pdf = client.get(reverse("groupement:invoice", args=[adherent.pk, invoiced.pk, "pdf"]))
    csv = client.get(reverse("groupement:invoice", args=[adherent.pk, invoiced.pk, "csv"]))

    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = csv.content.decode()
    assert "BC-42" in text and "SERVICE-ENT" in text
    assert "Total TTC" in text


def test_console_shows_every_adherent_and_totals_to_the_coordinator(
    client, adherent, invoiced, neighbour, coordinator
):
    client.force_login(coordinator)
    response = client.get(reverse("groupement:home"))

    page = response.content.decode()
    assert "Commune de Mésanger" in page and "Commune voisine" in page
    assert response.context["totals"]["need"] == 2
    assert response.context["totals"]["incomplete"] == 2


def test_export_is_for_the_coordinator_only(client, adherent, representative, coordinator):
    client.force_login(representative)
    assert client.get(reverse("groupement:export")).status_code == 403

    client.force_login(coordinator)
    response = client.get(reverse("groupement:export"))
    assert response.status_code == 200
    assert "Commune de Mésanger" in response.content.decode()


def test_someone_outside_the_groupement_is_refused(client, adherent):
    client.force_login(UserFactory.create())
    assert client.get(reverse("groupement:home")).status_code == 403


def test_history_lists_who_did_what_with_which_document(client, adherent, invoiced, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("groupement:history", args=[adherent.pk]))

    actions = [e.action for e in response.context["events"]]
    assert "groupement.order_placed" in actions and "groupement.invoice_issued" in actions
    assert "BC-42" in response.content.decode()


def test_snapshot_pdf_and_csv_download(client, adherent, invoiced, representative):
    snapshot = invoiced.snapshot
    client.force_login(representative)

    pdf = client.get(reverse("groupement:snapshot", args=[adherent.pk, snapshot.pk, "pdf"]))
    csv = client.get(reverse("groupement:snapshot", args=[adherent.pk, snapshot.pk, "csv"]))
    other = client.get(reverse("groupement:snapshot", args=[adherent.pk, snapshot.pk, "xls"]))

    assert pdf.content.startswith(b"%PDF")
    rows = csv.content.decode().splitlines()
    assert rows[0] == "UAI;École;Profil;Besoin;Chargés;Activés;Actifs"
    assert rows[1].startswith(f"{snapshot.lines.get().uai};École des Tilleuls;eleve;2;1;")
    assert other.status_code == 404


def test_history_selector_is_one_query(adherent, invoiced, coordinator, django_assert_num_queries):
    from preau.groupement import selectors

    with django_assert_num_queries(1):
        events = [(e.action, e.actor) for e in selectors.history_of(adherent)]

    assert events[0] == ("groupement.invoice_issued", coordinator)
    assert [e[0].split(".")[1] for e in events[1:]] == [
        "snapshot_frozen",
        "order_placed",
        "need_set",
    ]
