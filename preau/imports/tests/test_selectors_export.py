"""The reversibility export reads a school in a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from preau.imports.selectors import export_school
from preau.imports.services import import_onde
from preau.imports.tests.conftest import small_files

pytestmark = pytest.mark.django_db


def test_export_reads_the_school_in_four_queries(
    school: Any, django_assert_num_queries: Any
) -> None:
    import_onde(None, school, small_files(), school_year=2026)

    with django_assert_num_queries(4):
        people = export_school(school)

    by_login = {p["login"]: p for p in people}
    assert by_login["claire.martin"]["children"] == ["hugo.martin", "lea.martin"]
    assert by_login["lea.martin"]["birth_date"] == "2018-03-12"
    assert by_login["anne.roux"]["classes"] == ["CE1-CE2 Mme Roux (2026-2027)"]
    assert "birth_date" not in by_login["anne.roux"]
