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
from preau.lifecycle.models import AccountState

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


def _two_school_feed(folder: Path, *, second_school_pupils: int = 2) -> Path:
    """The fixture's feed plus a second school (0440002N) with copies of its first pupil."""
    shutil.copytree(AAF / "complet", folder)
    etab = next(folder.glob("*EtabEducNat*"))
    text = etab.read_text()
    block = text[text.index("<addRequest>") : text.index("</addRequest>") + len("</addRequest>")]
    etab.write_text(text.replace(block, block + block.replace("0440001M", "0440002N")))
    eleves = next(folder.glob("*_Eleve_*"))
    text = eleves.read_text()
    first = text[text.index("<addRequest>") : text.index("</addRequest>") + 13]
    copies = [
        first.replace("NANTES-E1", f"NANTES-E{9 - n}")
        .replace("0440001M", "0440002N")
        .replace("123456789AB", f"12345678{n}ZZ")
        .replace(">Léa<", f">{name}<")
        for n, name in enumerate(["Zoé", "Tom"][:second_school_pupils])
    ]
    eleves.write_text(text.replace(first, first + "".join(copies)))
    return folder


def test_a_wrong_record_in_one_school_refuses_the_whole_feed(
    departement: Any, tmp_path: Path
) -> None:
    feed = _two_school_feed(tmp_path / "feed")
    eleves = next(feed.glob("*_Eleve_*"))
    eleves.write_text(eleves.read_text().replace("12/03/2018", "31/02/2018", 1))
    out = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_aaf1d", str(feed), "--json", stdout=out)

    assert caught.value.returncode == 2
    assert "rien n'a été importé" in str(caught.value)
    errors = json.loads(out.getvalue().strip().splitlines()[-1])["errors"]
    assert [e["column"] for e in errors] == ["ENTPersonDateNaissance"]
    assert not School.objects.exists() and User.objects.count() == 0


def test_a_refused_school_is_left_unchanged_and_the_others_are_imported(
    departement: Any, tmp_path: Path, settings: Any
) -> None:
    _run(_two_school_feed(tmp_path / "first"))
    assert User.objects.filter(first_name__in=["Zoé", "Tom"]).count() == 2
    # The next full feed lacks half the pupils of 0440002N: over the departures threshold, refused.
    settings.PREAU_IMPORT_ABSENT_FLOOR = 0
    second = _two_school_feed(tmp_path / "second", second_school_pupils=1)
    eleves = next(second.glob("*_Eleve_*"))
    eleves.write_text(eleves.read_text().replace("CE1 A", "CE1 B"))  # a class move in 0440001M
    out = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_aaf1d", str(second), "--school-year", "2025", "--json", stdout=out)

    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "0440002N" in message and "Les autres écoles ont été importées" in message
    assert "rien n'a été importé" not in message
    report = json.loads(out.getvalue().strip().splitlines()[-1])
    assert report["moved"] >= 1 and report["errors"]
    tom = User.objects.get(first_name="Tom")
    assert ClassMembership.objects.filter(user=tom, ended_at__isnull=True).exists()
    assert not AccountState.objects.filter(user=tom).exists()  # not marked as having left
    lea = User.objects.get(first_name="Léa")
    current = ClassMembership.objects.get(user=lea, ended_at__isnull=True)
    assert current.school_class.name == "CE1 B"
