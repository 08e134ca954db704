"""CompiledQuery: the queryset's SQL compiled once, rerun with other values, same answers."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from preau.core.compiled import CompiledCount, CompiledQuery
from preau.directory.factories import UserFactory


@pytest.mark.django_db
def test_reruns_the_same_sql_with_new_values_in_one_query(django_assert_num_queries):
    people = [UserFactory.create(first_name=f"Prénom {i}") for i in range(3)]
    by_pk = CompiledQuery(
        lambda pk, floor: get_user_model().objects.filter(pk=pk, pk__gte=floor).order_by(),
        ("login", "first_name"),
    )
    for person in people:
        with django_assert_num_queries(1):
            row = by_pk.first(person.pk, people[0].pk)
        assert row == {"login": person.login, "first_name": person.first_name}
    assert by_pk.first(people[0].pk, people[1].pk) is None
    assert by_pk.first(10**9, 0) is None


@pytest.mark.django_db
def test_a_compiled_count_counts_in_one_query_and_finds_zero_without_rows(
    django_assert_num_queries,
):
    people = [UserFactory.create(first_name="Léa") for _ in range(3)]
    same_name_from = CompiledCount(
        lambda floor: get_user_model().objects.filter(pk__gte=floor, first_name="Léa"),
        per="first_name",
    )
    with django_assert_num_queries(1):
        assert same_name_from.count(people[0].pk) == 3
    assert same_name_from.count(people[2].pk) == 1
    assert same_name_from.count(10**9) == 0


@pytest.mark.django_db
def test_refuses_an_argument_that_is_not_a_sql_parameter():
    ignored = CompiledQuery(lambda pk: get_user_model().objects.all(), ("login",))
    with pytest.raises(ValueError, match="not SQL parameters"):
        ignored.first(1)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_is_prepared_once_per_connection_on_postgresql():
    people = [UserFactory.create() for _ in range(3)]
    by_pk = CompiledQuery(
        lambda pk: get_user_model().objects.filter(pk=pk, login__startswith="").order_by(),
        ("login",),
    )
    assert [by_pk.first(person.pk) for person in people] == [
        {"login": person.login} for person in people
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%LIKE%"]
        )
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_a_constant_string_keeps_its_meaning_when_written_into_the_statement():
    # On PostgreSQL the policy's string constants become literals (a generic plan made for them,
    # ADR 0058); the answers must not change, quotes included.
    person = UserFactory.create(last_name="D'Artagnan")
    UserFactory.create(last_name="Dupont")
    named = CompiledQuery(
        lambda pk: get_user_model().objects.filter(pk=pk, last_name="D'Artagnan").order_by(),
        ("login",),
    )

    assert named.first(person.pk) == {"login": person.login}
    if connection.vendor == "postgresql":  # SQLite binds every value as it is
        assert all(isinstance(value, int) for value in named._compile().params)
