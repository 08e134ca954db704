"""The statements every page runs are prepared on PostgreSQL, and still counted (ADR 0054)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from preau.core.sql import fetch_all, fetch_all_prepared
from preau.directory.factories import SchoolClassFactory, make_parent, make_pupil
from preau.directory.person_rows import person_rows

pytestmark = pytest.mark.django_db

SQL = "SELECT id, login FROM accounts_user WHERE id >= %s AND login <> %s ORDER BY id"


def test_a_prepared_statement_answers_as_django_s_cursor():
    parent = make_parent(make_pupil(SchoolClassFactory.create()))
    params = [parent.pk - 1, "personne"]

    prepared, again = fetch_all_prepared(SQL, params), fetch_all_prepared(SQL, params)
    rows, rows_again = person_rows(parent.pk), person_rows(parent.pk)

    assert prepared == again == fetch_all(SQL, params) and len(prepared) == 2
    with CaptureQueriesContext(connection):  # Django's own cursor while queries are logged
        assert person_rows(parent.pk) == rows == rows_again and len(rows) >= 3


def test_a_hot_statement_is_counted_and_logged_with_its_values():
    parent = make_parent(make_pupil(SchoolClassFactory.create()))

    with CaptureQueriesContext(connection) as captured:
        fetch_all_prepared(SQL, [parent.pk, "personne"])

    assert [q["sql"] for q in captured.captured_queries] == [SQL % (parent.pk, "'personne'")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_the_person_statement_is_prepared_once_per_connection():
    parent = make_parent(make_pupil(SchoolClassFactory.create()))
    assert connection.settings_dict["OPTIONS"].get("prepare_threshold") == 0

    person_rows(parent.pk)
    person_rows(parent.pk)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%UNION ALL%"],
        )
        assert cursor.fetchone() == (1,)
