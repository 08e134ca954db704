"""An import runs a fixed number of SQL statements per school, whatever its size (ADR 0050).

COPY statements (PostgreSQL) are counted like any other. Sizes stay under SQLite's bound on
parameters per statement (999), where `bulk_create` would split a batch in two."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.directory.factories import SchoolFactory
from preau.imports.services import import_onde
from preau.imports.tests.conftest import parent, pupil, small_files, teacher

pytestmark = pytest.mark.django_db
FAMILIES = ["ROUX", "PETIT", "BLANC", "MOREL", "GIRARD", "FAURE"]
FIRSTS = ["Léa", "Hugo", "Inès", "Noé"]
KLASS = "CP Mme Roux"
# First import of a school: loading what the school holds, matching, one write per table, the
# derived groups and the audit entries; no savepoint (the nested services take none, ADR 0053:
# 18 statements fewer than with one per service, and so many round trips). Four more on
# PostgreSQL: the new accounts' ids are drawn from their sequence before the COPY, an id list
# passed as one array is queried even when empty (Django skips an empty `__in` list), and the new
# logins' names and the cross-school groups are locked against concurrent imports, one statement
# each (ADR 0066; SQLite's writing transaction holds the whole database). The derived
# groups' refresh finds the existing cross-school groups in one query (ADR 0059; was 45). Pupils'
# and teachers' class memberships are written by one call of the bulk writers: one read of the
# existing profiles, two COPYs and two audit entries fewer (ADR 0061; was 44).
FIRST_IMPORT_STATEMENTS = 39


def school_files(families: int, capitals: bool = True) -> dict[str, tuple[str, bytes]]:
    """`families` pupils, their parents and a teacher; pupils born on a day of their own and a
    teacher's e-mail of its own, so that two such schools have different people. Last names in
    capitals, as ONDE writes them, unless `capitals` is false."""
    names = [
        (last if capitals else last.capitalize(), first)
        for last, first in list(product(FAMILIES, FIRSTS))[:families]
    ]
    born = f"{families % 28 + 1:02d}/03/2019"
    return small_files(
        pupils=[pupil(last, first, born, "CP", KLASS) for last, first in names],
        parents=[parent(last, f"Parent{first}", "", (last, first, KLASS)) for last, first in names],
        teachers=[teacher("ROUX", "Anne", f"anne.roux{families}@ac-nantes.example", KLASS, "Oui")],
    )


def statements(files: dict[str, tuple[str, bytes]], uai: str) -> tuple[int, Any]:
    school = SchoolFactory.create(uai=uai)
    with CaptureQueriesContext(connection) as captured:
        report = import_onde(None, school, files, school_year=2025)
    return len(captured), report


def test_a_first_import_runs_the_same_statements_for_4_or_24_families() -> None:
    small, small_report = statements(school_files(4), "0440001M")
    large, large_report = statements(school_files(24), "0440002N")

    assert small_report.created == {"eleve": 4, "responsable": 4, "enseignant": 1}
    assert large_report.created == {"eleve": 24, "responsable": 24, "enseignant": 1}
    extra = 4 if connection.vendor == "postgresql" else 0
    assert small == large == FIRST_IMPORT_STATEMENTS + extra


def test_a_reimport_moving_pupils_runs_the_same_statements_for_4_or_24_families() -> None:
    counts = []
    for families, uai in ((4, "0440001M"), (24, "0440002N")):
        school = SchoolFactory.create(uai=uai)
        import_onde(None, school, school_files(families), school_year=2025)
        moved = school_files(families)
        text = moved["eleves"][1].decode("cp1252").replace(";CP;CP Mme Roux;", ";CP;CP B;")
        moved["eleves"] = ("eleves.csv", text.encode("cp1252"))
        with CaptureQueriesContext(connection) as captured:
            report = import_onde(None, school, moved, school_year=2025)
        assert report.moved == families
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_an_import_renaming_pupils_and_parents_of_another_school_runs_the_same_statements() -> None:
    """The pupils (and through them their parents) are found in another school, where their last
    names were written in lower case: every account is renamed, in one statement per table."""
    counts = []
    for families, uais in ((4, ("0440001M", "0440003P")), (24, ("0440002N", "0440004R"))):
        before, after = (SchoolFactory.create(uai=uai) for uai in uais)
        import_onde(None, before, school_files(families, capitals=False), school_year=2025)
        with CaptureQueriesContext(connection) as captured:
            report = import_onde(None, after, school_files(families), school_year=2025)
        assert report.created == {"eleve": 0, "responsable": 0, "enseignant": 0}
        assert report.updated == 2 * families + 1  # the teacher, found by e-mail, joins
        counts.append(len(captured))

    assert counts[0] == counts[1]
