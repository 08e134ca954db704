"""Every request's user comes from one compiled SELECT (ADR 0054): the same person as the ORM's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from preau.accounts.backends import LoginOrEmailBackend
from preau.accounts.models import User
from preau.accounts.session_user import load_user
from preau.directory.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _every_field(user: User) -> dict[str, object]:
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


def test_the_loaded_user_has_every_field_as_the_orm_reads_it():
    user = UserFactory.create(
        usage_name="Durand",
        email="lea.martin@example.org",
        birth_date=dt.date(2016, 2, 29),
        is_staff=True,
        activated_at=timezone.now() - dt.timedelta(days=3),
        must_change_password=True,
    )

    loaded = load_user(user.pk)

    expected = User.objects.get(pk=user.pk)
    assert loaded is not None
    assert _every_field(loaded) == _every_field(expected)
    assert isinstance(loaded.birth_date, dt.date)
    assert isinstance(loaded.activated_at, dt.datetime) and loaded.activated_at.tzinfo
    assert loaded.is_staff is True and loaded.blocked_at is None
    assert (loaded._state.adding, loaded._state.db) == (False, "default")
    assert loaded.check_password(TEST_PASSWORD)


def test_a_loaded_user_can_be_saved_as_an_orm_one(django_assert_num_queries):
    user = UserFactory.create(first_name="Léa")
    loaded = load_user(user.pk)
    assert loaded is not None

    loaded.first_name = "Léana"
    with django_assert_num_queries(1):  # an UPDATE, not an INSERT attempt first
        loaded.save(update_fields=["first_name"])

    assert User.objects.get(pk=user.pk).first_name == "Léana"


def test_an_account_that_no_longer_exists_has_no_user(django_assert_num_queries):
    user = UserFactory.create()
    user_id = user.pk
    user.delete()

    with django_assert_num_queries(1):
        assert load_user(user_id) is None
    assert LoginOrEmailBackend().get_user(user_id) is None


@pytest.mark.parametrize(
    ("state", "signed_in"),
    [({}, True), ({"is_active": False}, False), ({"blocked_at": timezone.now()}, False)],
)
def test_the_backend_keeps_only_accounts_that_may_sign_in(state, signed_in):
    user = UserFactory.create(**state)

    assert (LoginOrEmailBackend().get_user(str(user.pk)) == user) is signed_in


def test_a_request_loads_its_user_in_one_statement(client):
    user = UserFactory.create(first_name="Léa")
    client.force_login(user)
    client.get(reverse("accounts:account"))  # the session's refresh stamp is written once

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("portal:help"))

    assert response.status_code == 200 and "Léa" in response.content.decode()
    user_reads = [q["sql"] for q in captured.captured_queries if '"accounts_user"' in q["sql"]]
    assert len(user_reads) == 1
