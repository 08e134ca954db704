"""The groupement API: lists, commitment figures, orders (422) and withdrawal (409/201)."""

import datetime as dt

import pytest

from preau.directory.factories import UserFactory
from preau.groupement import services
from preau.groupement.factories import AdherentFactory

BASE = "/api/v1/groupement/adherents"


@pytest.fixture
def need_of_30(adherent, attached_school, coordinator):
    services.set_need(coordinator, adherent, attached_school.uai, 30, profile="eleve")


def test_representative_lists_only_its_adherent(client, adherent, groupement, representative):
    AdherentFactory.create(groupement=groupement, legal_name="Commune voisine")
    client.force_login(representative)

    response = client.get(BASE)

    assert response.status_code == 200
    assert [a["legal_name"] for a in response.json()] == ["Commune de Mésanger"]


def test_coordinator_lists_every_adherent(client, adherent, groupement, coordinator):
    AdherentFactory.create(groupement=groupement, legal_name="Commune voisine")
    client.force_login(coordinator)

    assert len(client.get(BASE).json()) == 2


def test_commitment_gives_need_ordered_and_actual(client, adherent, need_of_30, representative):
    client.force_login(representative)
    client.post(f"{BASE}/{adherent.pk}/orders", {"accounts": 30}, content_type="application/json")

    body = client.get(f"{BASE}/{adherent.pk}/commitment").json()

    assert body == {"need": 30, "ordered": 30, "actual": {"loaded": 0, "activated": 0, "active": 0}}


def test_another_adherent_is_not_found_for_a_representative(
    client, groupement, adherent, representative
):
    other = AdherentFactory.create(groupement=groupement)
    client.force_login(representative)

    assert client.get(f"{BASE}/{other.pk}/commitment").status_code == 404
    assert (
        client.post(
            f"{BASE}/{other.pk}/orders", {"accounts": 9}, content_type="application/json"
        ).status_code
        == 404
    )


def test_order_below_commitment_is_a_422(client, adherent, need_of_30, representative):
    client.force_login(representative)

    response = client.post(
        f"{BASE}/{adherent.pk}/orders",
        {"accounts": 29, "period": "first"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["error"] == "order_below_commitment"
    ok = client.post(
        f"{BASE}/{adherent.pk}/orders", {"accounts": 30}, content_type="application/json"
    )
    assert ok.status_code == 201
    assert ok.json()["accounts"] == 30


def test_withdrawal_outside_the_window_is_a_409_with_the_opening_date(
    client, adherent, representative, monkeypatch
):
    monkeypatch.setattr("preau.groupement.clock.today", lambda: dt.date(2027, 3, 1))
    client.force_login(representative)

    response = client.post(f"{BASE}/{adherent.pk}/withdrawal", {}, content_type="application/json")

    assert response.status_code == 409
    assert response.json()["error"] == "withdrawal_not_open"
    assert response.json()["opens"] == "2028-05-19"


def test_withdrawal_inside_the_window_is_a_201(client, adherent, representative, monkeypatch):
    monkeypatch.setattr("preau.groupement.clock.today", lambda: dt.date(2028, 6, 1))
    client.force_login(representative)

    response = client.post(f"{BASE}/{adherent.pk}/withdrawal")

    assert response.status_code == 201
    assert response.json()["commitment"] == "withdrawn"


def test_anonymous_gets_401(client, adherent):
    assert client.get(BASE).status_code == 401


def test_a_person_without_groupement_role_sees_an_empty_list(client, adherent):
    client.force_login(UserFactory.create())
    assert client.get(BASE).json() == []


def test_withdrawal_accepts_the_letter_date_and_refuses_a_bad_one(
    client, adherent, representative, monkeypatch
):
    monkeypatch.setattr("preau.groupement.clock.today", lambda: dt.date(2028, 7, 1))
    client.force_login(representative)
    url = f"{BASE}/{adherent.pk}/withdrawal"

    bad = client.post(url, {"letter_received_on": "hier"}, content_type="application/json")
    early = client.post(url, {"letter_received_on": "2028-05-18"}, content_type="application/json")
    ok = client.post(url, {"letter_received_on": "2028-05-19"}, content_type="application/json")

    assert bad.status_code == 422
    assert early.status_code == 409
    assert ok.status_code == 201
