"""AAF 1D feeds: schools from EtabEducNat, join keys kept, hostile XML refused."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from preau.directory.factories import DepartementFactory
from preau.directory.models import ClassMembership, ParentLink, School
from preau.imports.models import ExternalId
from preau.imports.tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db
User = get_user_model()
AAF = FIXTURES / "aaf"


@pytest.fixture
def departement(db: Any) -> Any:
    return DepartementFactory.create(code="044")


def _run(folder: Path, *args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("import_aaf1d", str(folder), "--school-year", "2025", "--json", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_a_complete_feed_creates_the_school_and_its_people(departement: Any) -> None:
    report = _run(AAF / "complet")

    school = School.objects.get(uai="0440001M")
    assert (school.name, school.commune) == ("École Jacques Prévert", "Nantes")
    assert report["created"] == {"eleve": 3, "responsable": 3, "enseignant": 1}
    claires = User.objects.filter(first_name="Claire", last_name="MARTIN")
    assert claires.count() == 2  # two different mothers with the same name
    louise = User.objects.get(first_name="Louise")
    assert ClassMembership.objects.get(user=louise).level == "CE1"
    assert ParentLink.objects.filter(child__first_name="Léa").count() == 2
    assert ExternalId.objects.filter(source="ine", value="123456789AB").exists()
    assert any("5 champs" in w["message"] for w in report["warnings"])
    assert any(w.get("kind") == "director_proposed" for w in report["warnings"])


def test_the_same_feed_again_changes_nothing(departement: Any) -> None:
    _run(AAF / "complet")

    again = _run(AAF / "complet")

    assert again["created"] == {"eleve": 0, "responsable": 0, "enseignant": 0}
    assert (again["updated"], again["left"], again["unchanged"]) == (0, 0, 7)


def test_a_renamed_pupil_keeps_the_account_through_the_join_key(
    departement: Any, tmp_path: Path
) -> None:
    _run(AAF / "complet")
    lea = User.objects.get(first_name="Léa")
    folder = tmp_path / "feed"
    shutil.copytree(AAF / "complet", folder)
    pupils = next(folder.glob("*_Eleve_0000.xml"))
    pupils.write_text(pupils.read_text().replace("<value>Léa</value>", "<value>Léana</value>"))

    report = _run(folder)

    lea.refresh_from_db()
    assert (lea.first_name, lea.login, report["updated"]) == ("Léana", "lea.martin", 1)


@pytest.mark.parametrize(
    "name", ["billion_laughs_Complet_PersRelEleve_0000.xml", "xxe_Complet_Eleve_0000.xml"]
)
def test_hostile_xml_is_refused_before_any_expansion(
    departement: Any, tmp_path: Path, name: str
) -> None:
    shutil.copytree(AAF / "complet", tmp_path / "feed")
    shutil.copy(AAF / "hostile" / name, tmp_path / "feed" / name)
    out = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_aaf1d", str(tmp_path / "feed"), "--json", stdout=out)

    assert caught.value.returncode == 2
    errors = json.loads(out.getvalue().strip().splitlines()[-1])["errors"]
    assert [(e["file"], e["code"]) for e in errors] == [(name, "xml_dtd_forbidden")]
    assert User.objects.count() == 0 and not School.objects.exists()


def test_dry_run_writes_nothing(departement: Any) -> None:
    report = _run(AAF / "complet", "--dry-run")

    assert report["created"]["eleve"] == 3
    assert not School.objects.exists() and User.objects.count() == 0
