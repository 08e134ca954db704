"""ONDE `Autorisations photos` → the droit à l'image flag, with the import's "unchanged" rule."""

from __future__ import annotations

from typing import Any

from preau.consent.models import PhotoConsent
from preau.consent.services import set_photo_consent
from preau.imports.services import import_onde
from preau.imports.tests.conftest import pupil, small_files

KLASS = "CE1-CE2 Mme Roux"


def _pupils(lea: str, hugo: str) -> list[str]:
    rows = [
        pupil("MARTIN", "Léa", "12/03/2018", "CE1", KLASS),
        pupil("MARTIN", "Hugo", "02/09/2016", "CE2", KLASS),
    ]
    return [
        row.replace("Oui;Oui;Non;", f"Oui;Oui;{value};")
        for row, value in zip(rows, (lea, hugo), strict=True)
    ]


def _consents() -> dict[str, tuple[bool | None, str]]:
    return {
        c.pupil.first_name: (c.allowed, c.source)
        for c in PhotoConsent.objects.select_related("pupil")
    }


def test_import_stores_each_pupils_consent_with_its_source(onde_school: Any) -> None:
    import_onde(None, onde_school, small_files(pupils=_pupils("Non", "Oui")), school_year=2025)

    assert _consents() == {"Léa": (False, "onde"), "Hugo": (True, "onde")}


def test_reimport_without_change_writes_no_consent(onde_school: Any) -> None:
    files = small_files(pupils=_pupils("Non", "Oui"))
    import_onde(None, onde_school, files, school_year=2025)
    before = list(PhotoConsent.objects.order_by("pk").values("pk", "allowed", "decided_at"))

    report = import_onde(None, onde_school, files, school_year=2025)

    assert report.updated == 0 and report.unchanged == 5
    assert list(PhotoConsent.objects.order_by("pk").values("pk", "allowed", "decided_at")) == before


def test_directors_correction_stands_until_onde_changes(onde_school: Any, director: Any) -> None:
    files = small_files(pupils=_pupils("Non", "Oui"))
    import_onde(None, onde_school, files, school_year=2025)
    lea = PhotoConsent.objects.get(pupil__first_name="Léa")
    set_photo_consent(director, onde_school, lea.pupil_id, True)

    import_onde(None, onde_school, files, school_year=2025)
    assert _consents()["Léa"] == (True, "school")

    report = import_onde(
        None, onde_school, small_files(pupils=_pupils("Non", "Non")), school_year=2025
    )
    assert report.updated == 1
    assert _consents() == {"Léa": (True, "school"), "Hugo": (False, "onde")}


def test_empty_cell_never_erases_a_known_consent(onde_school: Any) -> None:
    import_onde(None, onde_school, small_files(pupils=_pupils("Non", "Oui")), school_year=2025)

    import_onde(None, onde_school, small_files(pupils=_pupils("", "Oui")), school_year=2025)

    assert _consents()["Léa"] == (False, "onde")


def test_dry_run_writes_no_consent(onde_school: Any) -> None:
    files = small_files(pupils=_pupils("Non", "Oui"))

    import_onde(None, onde_school, files, school_year=2025, dry_run=True)

    assert not PhotoConsent.objects.exists()
