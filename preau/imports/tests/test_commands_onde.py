"""`import_onde` and `export_directory` from the command line."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from preau.directory.factories import DepartementFactory
from preau.directory.models import School
from preau.imports.tests.conftest import FIXTURES, PUPIL_HEADER, csv_bytes, small_files

pytestmark = pytest.mark.django_db


def _args(folder: Path, uai: str = "0440001M") -> list[str]:
    return [
        "--uai",
        uai,
        "--eleves",
        str(folder / "CSVExtraction-eleves.csv"),
        "--responsables",
        str(folder / "CSVExtraction-responsables.csv"),
        "--enseignants",
        str(folder / "CSVExtraction-enseignants.csv"),
    ]


def _run(*args: str) -> tuple[dict[str, Any], str]:
    out, err = StringIO(), StringIO()
    call_command("import_onde", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue().strip().splitlines()[-1]), err.getvalue()


def test_json_report_is_the_last_line_and_progress_is_quiet(onde_school: Any) -> None:
    report, err = _run(*_args(FIXTURES / "onde" / "0440001M"), "--school-year", "2025", "--json")

    assert report["created"] == {"eleve": 246, "responsable": 467, "enseignant": 13}
    assert set(report) >= {
        "created",
        "updated",
        "unchanged",
        "moved",
        "left",
        "ambiguous",
        "errors",
    }
    assert report["errors"] == [] and err == ""


def test_dry_run_reports_and_writes_nothing(onde_school: Any) -> None:
    report, _ = _run(*_args(FIXTURES / "onde" / "0440001M"), "--dry-run", "--json")

    assert report["created"]["eleve"] == 246 and report["dry_run"] is True
    assert get_user_model().objects.count() == 0


def test_unknown_uai_is_refused_unless_asked_to_create_the_school(db: Any) -> None:
    folder = FIXTURES / "onde" / "0440001M"
    with pytest.raises(CommandError) as caught:
        _run(*_args(folder), "--json")
    assert caught.value.returncode == 2
    assert "Aucune école ne porte l'UAI 0440001M" in str(caught.value)

    DepartementFactory.create(code="044")
    report, _ = _run(*_args(folder), "--create-school", "École Prévert", "--json")

    assert School.objects.get(uai="0440001M").name == "École Prévert"
    assert report["created"]["enseignant"] == 13


def test_rejected_input_exits_2_with_errors_in_the_json(
    onde_school: Any, tmp_path: Path, capsys: Any
) -> None:
    files = small_files()
    for name, data in files.values():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "eleves.csv").write_bytes(csv_bytes([PUPIL_HEADER]))
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_onde",
            "--uai",
            "0440001M",
            "--eleves",
            str(tmp_path / "eleves.csv"),
            "--responsables",
            str(tmp_path / "responsables.csv"),
            "--json",
            stdout=out,
        )

    assert caught.value.returncode == 2
    report = json.loads(out.getvalue().strip().splitlines()[-1])
    assert report["errors"][0]["file"] == "eleves.csv"
    assert report["errors"][0]["line"] == 2
    assert "aucune ligne" in report["errors"][0]["message"]


def test_export_directory_lists_people_with_profiles_classes_and_children(onde_school: Any) -> None:
    _run(*_args(FIXTURES / "onde" / "0440001M"), "--json")
    out = StringIO()

    call_command("export_directory", "--uai", "0440001M", "--json", stdout=out)

    people = json.loads(out.getvalue())["people"]
    assert len(people) == 246 + 467 + 13
    pupils = [p for p in people if p["profiles"] == ["eleve"]]
    parents = [p for p in people if p["profiles"] == ["responsable"]]
    assert all(p["birth_date"] and len(p["classes"]) == 1 for p in pupils)
    logins = {p["login"] for p in pupils}
    assert all(p["children"] and set(p["children"]) <= logins for p in parents)
    assert sum(len(p["children"]) for p in parents) == 487


def test_mass_departures_exit_2_unless_forced(onde_school: Any, settings: Any) -> None:
    _run(*_args(FIXTURES / "onde" / "0440001M"), "--json", "--school-year", "2025")
    settings.PREAU_IMPORT_MAX_ABSENT_PERCENT = 10  # the rentrée's 115 leavers of 726
    users = get_user_model().objects.count()
    next_year = [*_args(FIXTURES / "onde-next-year" / "0440001M"), "--school-year", "2026"]

    with pytest.raises(CommandError) as failed:
        _run(*next_year, "--json")

    assert failed.value.returncode == 2
    assert get_user_model().objects.count() == users
    report, _ = _run(*next_year, "--json", "--force")
    assert report["left"] == 115
