from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from preau.accounts.policies import get_abilities, visible_to
from preau.directory.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_may_see_and_change_their_own_account(django_assert_num_queries):
    user = UserFactory.create()
    with django_assert_num_queries(0):
        abilities = get_abilities(user, user)
    assert abilities == {"view_account": True, "change_password": True}


def test_nobody_acts_on_someone_elses_account_here():
    user, other = UserFactory.create(), UserFactory.create()
    assert get_abilities(other, user) == {"view_account": False, "change_password": False}
    assert get_abilities(AnonymousUser(), user) == {
        "view_account": False,
        "change_password": False,
    }


def test_an_account_without_password_has_none_to_change():
    user = UserFactory.create(password=None)
    user.set_unusable_password()
    assert get_abilities(user, user)["change_password"] is False


def test_visible_to_lists_only_oneself(django_assert_num_queries):
    user = UserFactory.create()
    UserFactory.create()
    with django_assert_num_queries(1):
        assert list(visible_to(user)) == [user]
    with django_assert_num_queries(0):
        assert list(visible_to(AnonymousUser())) == []
