"""Every kind of bad ONDE input: a French report with file, line and column; nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from preau.core import bulkinsert
from preau.directory.models import ClassMembership, ParentLink, ProfileAssignment, SchoolClass
from preau.imports.models import SourceRecord
from preau.imports.report import ImportRejected
from preau.imports.services import import_onde, onde_places
from preau.imports.tests.conftest import (
    PUPIL_HEADER,
    csv_bytes,
    pupil,
    small_files,
)

pytestmark = pytest.mark.django_db

GOOD = pupil("MARTIN", "Léa", "12/03/2018", "CE1", "CE1-CE2 Mme Roux")


def _state() -> dict[str, Any]:
    return {
        "users": list(get_user_model().objects.order_by("pk").values_list("login", "email")),
        "classes": list(SchoolClass.objects.values_list("name", "levels")),
        "memberships": list(
            ClassMembership.objects.values_list("user_id", "school_class_id", "ended_at")
        ),
        "links": list(ParentLink.objects.values_list("parent_id", "child_id")),
        "profiles": ProfileAssignment.objects.count(),
        "records": list(SourceRecord.objects.values_list("user_id", "data")),
    }


def _pupils_file(content: bytes) -> dict[str, tuple[str, bytes]]:
    files = small_files()
    files["eleves"] = ("eleves.csv", content)
    return files


BAD_PUPIL_FILES = {
    "wrong_encoding": (csv_bytes([PUPIL_HEADER, GOOD], encoding="utf-16"), 1, "", "bad_encoding"),
    "wrong_separator": (
        csv_bytes([PUPIL_HEADER.replace(";", ","), GOOD.replace(";", ",")]),
        1,
        "",
        "bad_separator",
    ),
    "missing_column": (
        csv_bytes([PUPIL_HEADER.replace("Date naissance", "Date"), GOOD]),
        1,
        "datenaissance",
        "missing_column",
    ),
    "header_only": (csv_bytes([PUPIL_HEADER]), 2, "", "no_rows"),
    "binary_garbage": (bytes(range(256)) * 8, 1, "", "bad_encoding"),
    "impossible_date": (
        csv_bytes([PUPIL_HEADER, GOOD, pupil("PETIT", "Jade", "31/02/2018", "CE1", "CE1")]),
        3,
        "Date naissance",
        "bad_date",
    ),
    "duplicated_rows": (csv_bytes([PUPIL_HEADER, GOOD, GOOD]), 3, "", "duplicate_row"),
    "huge_field": (
        csv_bytes([PUPIL_HEADER, GOOD, pupil("PETIT", "J" * 100_000, "01/02/2018", "CE1", "CE1")]),
        3,
        "Prénom Elève",
        "value_too_long",
    ),
    "formula_equals": (
        csv_bytes([PUPIL_HEADER, pupil('=HYPERLINK("http://x")', "Léa", "12/03/2018", "CE1", "A")]),
        2,
        "Nom Elève",
        "formula_injection",
    ),
    "formula_plus": (
        csv_bytes([PUPIL_HEADER, pupil("MARTIN", "+cmd|' /C calc'!A0", "12/03/2018", "CE1", "A")]),
        2,
        "Prénom Elève",
        "formula_injection",
    ),
    "formula_minus": (
        csv_bytes([PUPIL_HEADER, pupil("MARTIN", "Léa", "12/03/2018", "CE1", "-2+3")]),
        2,
        "Classe",
        "formula_injection",
    ),
    "formula_at": (
        csv_bytes([PUPIL_HEADER, pupil("@SUM(1+1)", "Léa", "12/03/2018", "CE1", "A")]),
        2,
        "Nom Elève",
        "formula_injection",
    ),
    "unknown_level": (
        csv_bytes([PUPIL_HEADER, pupil("MARTIN", "Léa", "12/03/2018", "CLIS", "A")]),
        2,
        "Niveau",
        "bad_level",
    ),
    "wrong_row_width": (csv_bytes([PUPIL_HEADER, GOOD + ";extra"]), 2, "", "bad_row_width"),
}


@pytest.mark.parametrize("case", sorted(BAD_PUPIL_FILES))
def test_bad_pupil_file_is_refused_with_its_place_and_writes_nothing(
    case: str, school: Any
) -> None:
    import_onde(None, school, small_files(), school_year=2025)
    before = _state()
    content, line, column, code = BAD_PUPIL_FILES[case]

    with pytest.raises(ImportRejected) as caught:
        import_onde(None, school, _pupils_file(content), school_year=2025)

    errors = caught.value.errors
    assert [(e.file, e.line, e.column, e.code) for e in errors][:1] == [
        ("eleves.csv", line, column, code)
    ]
    assert all(e.message and e.message[0].isupper() for e in errors)
    assert caught.value.as_payload()["error"] == "import_rejected"
    assert _state() == before


def test_a_responsables_file_given_as_pupils_is_recognised_by_its_header(school: Any) -> None:
    files = small_files()
    files["eleves"] = files["responsables"]

    with pytest.raises(ImportRejected) as caught:
        import_onde(None, school, files, school_year=2025)

    assert caught.value.errors[0].code == "wrong_file_kind"
    assert "responsables" in caught.value.errors[0].message
    assert get_user_model().objects.count() == 0


def test_every_bad_line_is_reported_not_only_the_first(school: Any) -> None:
    content = csv_bytes(
        [
            PUPIL_HEADER,
            pupil("A", "B", "32/01/2018", "CE1", "X"),
            pupil("C", "D", "1/1/18", "CE1", "X"),
        ]
    )

    with pytest.raises(ImportRejected) as caught:
        import_onde(None, school, _pupils_file(content), school_year=2025)

    assert [e.line for e in caught.value.errors] == [2, 3]


def test_a_phone_number_with_a_plus_sign_is_not_a_formula(school: Any) -> None:
    files = small_files()
    name, data = files["responsables"]
    files["responsables"] = (name, data.replace(b"0611223344", b"+33 6 11 22 33 44"))

    report = import_onde(None, school, files, school_year=2025)

    assert report.created["responsable"] == 2


def test_utf8_with_bom_and_quoted_fields_are_read(school: Any) -> None:
    quoted = ";".join(f'"{cell}"' for cell in GOOD.split(";"))
    content = "\ufeff".encode() + csv_bytes([PUPIL_HEADER, quoted], encoding="utf-8")

    report = import_onde(None, school, _pupils_file(content), school_year=2025)

    assert report.created["eleve"] == 1
    assert get_user_model().objects.filter(login="lea.martin", last_name="MARTIN").exists()


def test_a_crash_mid_import_leaves_the_previous_state_intact(
    school: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_onde(None, school, small_files(), school_year=2025)
    before = _state()
    more = small_files(
        pupils=[GOOD, pupil("MARTIN", "Zoé", "01/01/2019", "CE1", "CE1-CE2 Mme Roux")]
    )

    def explode(run: Any) -> None:
        raise RuntimeError("disque plein")

    monkeypatch.setattr(onde_places, "links", explode)
    with pytest.raises(RuntimeError):
        import_onde(None, school, more, school_year=2025)

    assert _state() == before


def test_a_database_error_inside_a_nested_bulk_service_leaves_the_previous_state_intact(
    school: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The directory's bulk services take no savepoint inside an import (ADR 0053): an error in
    one of them (here the profiles of `bulk_add_to_classes`, once the new account and its class
    membership are written) rolls the whole school back."""
    import_onde(None, school, small_files(), school_year=2025)
    before = _state()
    more = small_files(
        pupils=[GOOD, pupil("MARTIN", "Zoé", "01/01/2019", "CE1", "CE1-CE2 Mme Roux")]
    )
    real_insert = bulkinsert.insert_values  # profiles are written as plain rows (ADR 0061)

    def fail_on_profiles(model: Any, fields: Any, rows: Any) -> None:
        if model is ProfileAssignment:
            raise IntegrityError("profil en double")
        real_insert(model, fields, rows)

    monkeypatch.setattr(bulkinsert, "insert_values", fail_on_profiles)
    with pytest.raises(IntegrityError):
        import_onde(None, school, more, school_year=2025)

    assert _state() == before
