"""The address book's one statement is prepared on PostgreSQL and planned once (ADR 0069)."""

from __future__ import annotations

import pytest
from django.db import connection

from preau.communication.selectors import visible_recipients
from preau.communication.tests.helpers import tiny_school

only_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


@pytest.fixture
def t(db):
    return tiny_school()


def _address_book_plans() -> list[tuple[str, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s ORDER BY prepare_time",
            ["WITH p AS %"],
        )
        return cursor.fetchall()


@only_postgres
def test_searches_share_one_plan_and_the_typed_words_stay_parameters(t):
    t.teacher.last_name = "Lefèvre"
    t.teacher.save()
    words = ["lef", "dup", "mar", "LEFÈ", "zzz", "lef", "ma"]
    found = [visible_recipients(t.director, query=word) for word in words]
    assert [r.id for r in found[0]] == [t.teacher.pk]  # accents and case folded as before
    assert found[3] == found[0] and found[4] == []
    plans = _address_book_plans()
    assert len(plans) == 1  # every one-word search ran the same prepared statement…
    statement, generic, custom = plans[0]
    assert (generic, custom) == (len(words), 0)  # …from one generic plan
    assert "[lL]" not in statement and "[mM]" not in statement  # nothing typed is written in
    assert "'enseignant'" in statement  # the code's own constants are
