"""The demo académie carries the groupement: four adherents, one hors délai, one mandated."""

import datetime as dt

import pytest
from django.utils import timezone

from preau.groupement import selectors
from preau.groupement.demo import seed_groupement_demo
from preau.groupement.models import Adherent, Invoice, Snapshot


@pytest.fixture
def day():
    """The seeding day is today: the accounts "loaded" by a date are those created by then."""
    return timezone.localdate()


@pytest.fixture
def seeded(demo, settings, tmp_path, day):
    settings.MEDIA_ROOT = tmp_path
    assert seed_groupement_demo(today=day)
    return demo


def test_demo_has_four_adherents_with_their_statuses(seeded):
    adherents = {a.legal_name: a for a in Adherent.objects.select_related("adhesion", "groupement")}

    assert len(adherents) == 4
    statuses = {name: a.adhesion.status(a.needs.exists()) for name, a in adherents.items()}
    assert statuses["SIVOS du Val de Vie"] == "late"
    assert statuses["Ville de Bellevue-sur-Loire"] == "complete"
    assert statuses["Communauté de communes Terres de Retz"] == "incomplete"
    assert adherents["Communauté de communes Terres de Retz"].represented_by == "e-Collectivités"
    assert adherents["OGEC Sainte-Marie de Bellevue"].kind == "organisme_gestion"


def test_demo_orders_cover_the_need_and_a_snapshot_and_invoice_exist(seeded, day):
    ville = Adherent.objects.get(legal_name="Ville de Bellevue-sur-Loire")
    result = selectors.commitment(ville, day)

    assert result.need > 0
    assert result.ordered == result.need
    assert result.total.loaded >= result.need - 10 * len(result.by_school()) * 2
    assert Snapshot.objects.filter(adherent=ville, reference_date=day).exists()
    assert Invoice.objects.filter(adherent=ville, year=day.year).exists()


def test_seeding_twice_changes_nothing(seeded, day):
    assert not seed_groupement_demo(today=day + dt.timedelta(days=3))
    assert Adherent.objects.count() == 4
    assert Snapshot.objects.count() == 4
