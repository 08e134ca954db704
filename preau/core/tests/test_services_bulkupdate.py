"""Bulk updates (`UPDATE … FROM unnest` on PostgreSQL, bulk_update elsewhere) store what
bulk_update would, in one statement per batch whatever the number of rows (ADR 0053)."""

from __future__ import annotations

import datetime

import pytest
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from preau.accounts.models import User
from preau.core import bulkupdate
from preau.directory.factories import ClassMembershipFactory, SchoolFactory, UserFactory
from preau.directory.models import ClassMembership
from preau.imports.models import SourceRecord
from preau.imports.services.state import Person

pytestmark = pytest.mark.django_db


def test_text_dates_and_nulls_are_written_and_other_columns_are_left_alone() -> None:
    users = UserFactory.create_batch(3, email="avant@exemple.fr")
    born = datetime.date(2018, 3, 12)
    for n, user in enumerate(users):
        user.last_name, user.first_name = f"DUPONT-{n}", "Élise"
        user.birth_date = born if n else None
        user.email = "apres@exemple.fr"  # not among the fields written

    updated = bulkupdate.update(User, users, ["last_name", "first_name", "birth_date"])

    assert updated == 3
    stored = {u.pk: u for u in User.objects.filter(pk__in=[u.pk for u in users])}
    assert [(stored[u.pk].last_name, stored[u.pk].birth_date) for u in users] == [
        ("DUPONT-0", None),
        ("DUPONT-1", born),
        ("DUPONT-2", born),
    ]
    assert {u.first_name for u in stored.values()} == {"Élise"}
    assert {u.email for u in stored.values()} == {"avant@exemple.fr"}


def test_json_and_timestamps_are_written_as_bulk_update_would() -> None:
    user, school = UserFactory.create(), SchoolFactory.create()
    now = timezone.now()
    record = SourceRecord.objects.create(
        user=user,
        school=school,
        source="onde",
        profile="eleve",
        data={"classe": "CP A"},
        imported_at=now,
    )
    later = now + datetime.timedelta(days=1)
    record.data, record.imported_at = {"classe": "CE1 B", "fratrie": [1, 2]}, later

    bulkupdate.update(SourceRecord, [record], ["data", "imported_at"])

    record.refresh_from_db()
    assert record.data == {"classe": "CE1 B", "fratrie": [1, 2]}
    assert record.imported_at == later


def test_an_instance_listed_twice_keeps_its_last_values() -> None:
    membership = ClassMembershipFactory.create(level="CP")
    first = ClassMembership.objects.get(pk=membership.pk)
    second = ClassMembership.objects.get(pk=membership.pk)
    first.level, second.level = "CP", "CE1"

    bulkupdate.update(ClassMembership, [first, second], ["level"])

    membership.refresh_from_db()
    assert membership.level == "CE1"


def test_a_value_too_long_for_its_column_is_refused_not_truncated() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce varchar lengths")
    user = UserFactory.create(last_name="Martin")
    user.last_name = "X" * 500

    with pytest.raises(DataError):
        bulkupdate.update(User, [user], ["last_name"])


def test_one_statement_for_3_or_40_rows() -> None:
    counts = []
    for size in (3, 40):
        users = UserFactory.create_batch(size)
        for user in users:
            user.last_name = user.last_name.upper()
        with CaptureQueriesContext(connection) as captured:
            bulkupdate.update(User, users, ["last_name", "usage_name"])
        counts.append(len(captured))

    assert counts == [1, 1]


def test_plain_objects_with_the_pk_and_the_fields_are_written_like_instances() -> None:
    """The imports hand their own slotted records (ADR 0059), not model instances."""
    users = UserFactory.create_batch(2, email="avant@exemple.fr")
    people = [
        Person(u.pk, "Élise", f"MARTIN-{n}", "", "apres@exemple.fr", None)
        for n, u in enumerate(users)
    ]

    assert bulkupdate.update(User, people, ["last_name", "email"]) == 2
    stored = User.objects.filter(pk__in=[u.pk for u in users]).order_by("pk")
    assert [(u.last_name, u.email) for u in stored] == [
        ("MARTIN-0", "apres@exemple.fr"),
        ("MARTIN-1", "apres@exemple.fr"),
    ]
    assert [u.first_name for u in stored] == [u.first_name for u in users]  # not written
