"""Constants written into a hot statement, values kept as parameters (ADR 0058)."""

from __future__ import annotations

import pytest
from django.db import connection

from preau.core.sql import constants_inlined, fetch_all, fetch_all_prepared
from preau.directory.factories import SchoolClassFactory, make_parent, make_pupil

pytestmark = pytest.mark.django_db

SQL = (
    "SELECT id, login, %s FROM accounts_user"
    " WHERE id >= %s AND login <> %s AND is_active = %s ORDER BY id"
)


def test_the_answer_is_the_same_with_the_constants_written_in():
    parent = make_parent(make_pupil(SchoolClassFactory.create()))
    params = ["50 % d'l'école", parent.pk - 1, "personne", True]

    sql, kept = constants_inlined(SQL, params)

    assert fetch_all_prepared(sql, kept) == fetch_all(SQL, params)
    assert [row[2] for row in fetch_all(sql, kept)] == ["50 % d'l'école"] * 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only where statements are prepared")
def test_strings_and_booleans_become_literals_and_the_rest_stays_parameters():
    sql, kept = constants_inlined(SQL, ["x", 7, "personne", True])

    assert kept == [7]
    assert "'personne'" in sql and "true" in sql.lower() and sql.count("%s") == 1
