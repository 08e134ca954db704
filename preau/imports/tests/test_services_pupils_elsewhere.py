"""Pupils moving in from another school are found whatever the spelling variant of their name
(accents, case, hyphens, apostrophes), including when PostgreSQL pre-filters them (ADR 0050)."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.db import connection, transaction

from preau.accounts.models import User
from preau.directory.factories import SchoolFactory
from preau.directory.models import ClassMembership
from preau.imports import namekey
from preau.imports.onde import match_key
from preau.imports.services import import_onde
from preau.imports.services.plan import _pupils_elsewhere
from preau.imports.services.state import SchoolState
from preau.imports.tests.conftest import parent, pupil, small_files, teacher

pytestmark = pytest.mark.django_db
NAMES = [
    ("Lefèvre-Dupont", "Éléa", "LEFEVRE DUPONT", "ELEA"),
    ("D'Amico", "Zoé", "d’amico", "zoe"),
    ("Œuvray", "Maëlys", "ŒUVRAY", "Maëlys"),  # œ: decided in Python, not by the SQL key
    ("N'Diaye  Ba", "Anaïs", "N-DIAYE BA", "anaïs"),
]


def files_for(last: str, first: str, klass: str) -> dict[str, tuple[str, bytes]]:
    return small_files(
        pupils=[pupil(last, first, "12/03/2018", "CE1", klass)],
        parents=[parent(last, "Claire", "", (last, first, klass))],
        teachers=[teacher("ROUX", "Anne", "anne.roux@ac-nantes.example", klass)],
    )


@pytest.mark.parametrize(("last", "first", "new_last", "new_first"), NAMES)
def test_a_pupil_keeps_the_account_across_schools_whatever_the_spelling(
    last: str, first: str, new_last: str, new_first: str
) -> None:
    first_school, second_school = SchoolFactory.create(), SchoolFactory.create()
    import_onde(None, first_school, files_for(last, first, "CE1 A"), school_year=2025)

    report = import_onde(
        None, second_school, files_for(new_last, new_first, "CE1 B"), school_year=2025
    )

    assert report.created["eleve"] == 0
    memberships = ClassMembership.objects.filter(role="eleve").values_list(
        "user_id", "school_class__school"
    )
    assert len({user for user, _ in memberships}) == 1
    assert {school for _, school in memberships} == {first_school.pk, second_school.pk}


def test_the_sql_key_is_match_key_for_every_name_it_keeps_and_the_others_are_kept(
    db: Any,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the SQL key is PostgreSQL's")
    names = [n for row in NAMES for n in row] + ["  Jean--Baptiste ", "Ǆemal", "Straße", "Ñuñez"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT n, {namekey.sql_key('n')}, {namekey.unkeyable('n')} "
            "FROM unnest(%s::text[]) AS t(n)",
            [names],
        )
        rows = cursor.fetchall()

    keyed = {name: key for name, key, unkeyable in rows if not unkeyable}
    assert keyed == {name: match_key(name) for name in keyed}
    assert {name for name, _, unkeyable in rows if unkeyable} == {
        "Œuvray",
        "ŒUVRAY",
        "Ǆemal",
        "Straße",
    }


def test_parents_of_a_pupil_held_for_a_decision_are_held_too_and_a_reimport_changes_nothing() -> (
    None
):
    twins_school, school = SchoolFactory.create(), SchoolFactory.create()
    twins = [
        pupil("MARTIN", "Léa", "12/03/2018", "CE1", "CE1 A"),
        pupil("MARTIN", "Léa", "12/03/2018", "CE1", "CE1 B"),
    ]
    mother = [parent("MARTIN", "Claire", "", ("MARTIN", "Léa", "CE1 A"))]
    import_onde(None, twins_school, small_files(pupils=twins, parents=mother), school_year=2025)
    files = small_files(
        pupils=[pupil("MARTIN", "Léa", "12/03/2018", "CE1", "CE1")],
        parents=[parent("DURAND", "Paul", "", ("MARTIN", "Léa", "CE1"))],
    )

    first = import_onde(None, school, files, school_year=2025)
    again = import_onde(None, school, files, school_year=2025)

    for report in (first, again):
        assert [a["kind"] for a in report.ambiguous] == ["ambiguous_match", "child_ambiguous"]
        assert (report.created["eleve"], report.created["responsable"], report.left) == (0, 0, 0)
    assert not User.objects.filter(first_name="Paul").exists()


def test_the_indexed_name_key_is_the_one_the_search_computes() -> None:
    """The index's expression is frozen in its migration: a change of `match_key` (hence of the
    letters table) must come with a new index, or the search would no longer use it."""
    migration = importlib.import_module("preau.imports.migrations.0006_pupil_key_for_pupils_only")

    assert migration.pupil_key() == namekey.pupil_key()


def test_the_search_for_pupils_elsewhere_is_a_lookup_in_the_name_key_index(db: Any) -> None:
    """The search finds the pupil, and its key condition is one the index serves (the plan of
    the whole statement on a test database depends on what earlier tests left in the tables)."""
    if connection.vendor != "postgresql":
        pytest.skip("the name key index is PostgreSQL's")
    school = SchoolFactory.create()
    import_onde(None, school, files_for("Lefèvre-Dupont", "Éléa", "CE1 A"), school_year=2025)
    key = (match_key("LEFEVRE DUPONT"), match_key("ELEA"), datetime.date(2018, 3, 12))
    state = SchoolState(school=SchoolFactory.create(), year=2025)

    pool = _pupils_elsewhere(state, {key})
    with transaction.atomic(), connection.cursor() as cursor:
        # Only the paths that need an index condition: a bitmap scan of an index the key fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM accounts_user WHERE ({namekey.pupil_key()}) = ANY(%s)",
            [sorted(namekey.pupil_keys({key}))],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert [len(ids) for ids in pool.values()] == [1]
    assert "imports_user_pupil_key" in plan
