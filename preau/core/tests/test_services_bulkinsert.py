"""Bulk inserts (COPY on PostgreSQL, bulk_create elsewhere) store what bulk_create would."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from preau.accounts.models import User
from preau.core import bulkinsert
from preau.directory.factories import SchoolFactory, UserFactory
from preau.directory.models import GroupMembership, Profile, ProfileAssignment
from preau.directory.services import refresh_derived_groups
from preau.imports.models import SourceRecord

pytestmark = pytest.mark.django_db


def test_new_accounts_get_their_ids_and_every_value_is_stored() -> None:
    users = [
        User(login=f"lea.martin{n}", first_name="Léa", last_name="Martin", email=f"l{n}@x.fr")
        for n in range(3)
    ]
    users[0].birth_date = datetime.date(2019, 3, 12)

    bulkinsert.insert(User, users, with_ids=True)

    assert all(u.pk is not None and not u._state.adding for u in users)
    stored = User.objects.get(pk=users[0].pk)
    assert (stored.login, stored.email, stored.birth_date) == (
        "lea.martin0",
        "l0@x.fr",
        datetime.date(2019, 3, 12),
    )
    assert stored.date_joined is not None and stored.is_active


def test_choices_json_and_auto_now_add_are_stored_as_bulk_create_would() -> None:
    user, school = UserFactory.create(), SchoolFactory.create()
    now = timezone.now()

    bulkinsert.insert(
        ProfileAssignment, [ProfileAssignment(user=user, profile=Profile.ELEVE, school=school)]
    )
    bulkinsert.insert(
        SourceRecord,
        [
            SourceRecord(
                user=user,
                school=school,
                source="onde",
                profile="eleve",
                data={"classe": "CP A", "niveau": "CP"},
                imported_at=now,
            )
        ],
    )

    assignment = ProfileAssignment.objects.get(user=user)
    assert assignment.profile == "eleve" and assignment.created_at >= now
    assert SourceRecord.objects.get(user=user).data == {"classe": "CP A", "niveau": "CP"}


def test_plain_values_are_inserted_and_each_insert_counts_as_one_statement() -> None:
    school = SchoolFactory.create()
    refresh_derived_groups(school)
    group = school.groups.all()[0]
    users = UserFactory.create_batch(3)

    with CaptureQueriesContext(connection) as captured:
        bulkinsert.insert_values(
            GroupMembership, ["group_id", "user_id"], [(group.pk, u.pk) for u in users]
        )

    assert len(captured) == 1
    assert set(group.memberships.values_list("user_id", flat=True)) == {u.pk for u in users}


def test_plain_json_values_are_stored_as_objects() -> None:
    user, school = UserFactory.create(), SchoolFactory.create()
    now = timezone.now()
    data = {"classe": "CE1 « B »", "niveau": "CE1", "children": [3, 1]}

    bulkinsert.insert_values(
        SourceRecord,
        ["user_id", "school_id", "source", "profile", "data", "imported_at"],
        [(user.pk, school.pk, "onde", "eleve", data, now)],
    )

    record = SourceRecord.objects.get(user=user)
    assert record.data == data and record.imported_at == now
    assert SourceRecord.objects.filter(data__niveau="CE1").count() == 1  # an object, not a string
