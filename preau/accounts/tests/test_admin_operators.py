from __future__ import annotations

import pytest
from django.test import Client

from preau.directory.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_operators_list_and_open_accounts():
    operator = UserFactory.create(login="ops", is_staff=True, is_superuser=True)
    person = UserFactory.create(login="lea.martin", last_name="Martin")
    client = Client()
    client.force_login(operator)
    listing = client.get("/operateurs/accounts/user/?q=martin")
    assert listing.status_code == 200
    assert "lea.martin" in listing.content.decode()
    assert client.get(f"/operateurs/accounts/user/{person.pk}/change/").status_code == 200
    assert client.get("/operateurs/accounts/user/add/").status_code == 200


def test_people_who_are_not_operators_never_get_in():
    client = Client()
    client.force_login(UserFactory.create(login="anne.roux"))
    response = client.get("/operateurs/")
    assert response.status_code == 302
    assert "/operateurs/login/" in response["Location"]


def test_the_operators_login_goes_through_the_same_throttle():
    # Needs settings.AXES_USERNAME_CALLABLE = "preau.accounts.throttle.axes_username": the admin
    # form sends `username`, ours send `login`; both must be counted under the same login.
    UserFactory.create(login="ops", is_staff=True)
    client = Client(REMOTE_ADDR="10.0.0.5")
    for _ in range(5):
        client.post("/operateurs/login/", {"username": "ops", "password": "mauvais"})
    response = client.post("/operateurs/login/", {"username": "ops", "password": TEST_PASSWORD})
    assert response.status_code == 429
