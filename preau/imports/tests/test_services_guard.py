"""The safety guard: a full import that would make too many people absent is refused unless
forced, with a typed error and a French message, and nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from preau.accounts.models import User
from preau.imports.models import Absence
from preau.imports.report import TooManyDepartures
from preau.imports.services import import_onde
from preau.imports.tests.conftest import sample_files

pytestmark = pytest.mark.django_db
UAI = "0440001M"


@pytest.fixture
def imported(onde_school: Any, settings: Any) -> Any:
    import_onde(None, onde_school, sample_files("onde", UAI), school_year=2025)
    settings.PREAU_IMPORT_MAX_ABSENT_PERCENT = 10  # the rentrée's 115 leavers of 726 (16 %)
    return onde_school


def _snapshot() -> tuple[int, int, list[str]]:
    return (
        User.objects.count(),
        Absence.objects.count(),
        sorted(User.objects.values_list("login", flat=True)),
    )


def test_too_many_departures_are_refused_and_nothing_changes(imported: Any) -> None:
    before = _snapshot()

    with pytest.raises(TooManyDepartures) as refused:
        import_onde(None, imported, sample_files("onde-next-year", UAI), school_year=2026)

    assert refused.value.code == "too_many_departures"
    assert (refused.value.absent, refused.value.threshold) == (115, 10)
    assert "115 personnes sur 726" in refused.value.message
    assert "au-delà du seuil de 10 %" in refused.value.message
    assert _snapshot() == before


def test_a_dry_run_reports_the_departures_without_refusing(imported: Any) -> None:
    report = import_onde(
        None, imported, sample_files("onde-next-year", UAI), school_year=2026, dry_run=True
    )

    assert report.departures == {"absent": 115, "current": 726, "threshold": 10}
    assert any(w.get("kind") == "too_many_departures" for w in report.warnings)
    assert len(report.changes["departures"]) == 115


def test_forcing_imports_and_marks_the_leavers(imported: Any) -> None:
    report = import_onde(
        None, imported, sample_files("onde-next-year", UAI), school_year=2026, force=True
    )

    assert report.left == 115
    assert report.departures == {"absent": 115, "current": 726, "threshold": 10}
    assert User.objects.count() == 726 - 115 + sum(report.created.values())


def test_below_the_threshold_nothing_is_asked(imported: Any, settings: Any) -> None:
    settings.PREAU_IMPORT_MAX_ABSENT_PERCENT = 20

    report = import_onde(None, imported, sample_files("onde-next-year", UAI), school_year=2026)

    assert report.left == 115 and report.departures is None
