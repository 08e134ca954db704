from __future__ import annotations

import pytest
from django.test import Client

from preau.directory.factories import (
    TEST_PASSWORD,
    ProfileAssignmentFactory,
    SchoolFactory,
    UserFactory,
)
from preau.directory.models import Profile

pytestmark = pytest.mark.django_db
URL = "/compte/mot-de-passe/"
NEW = "trois petits chats blancs"


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_people_are_sent_to_the_login_page():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")


def test_the_page_tells_adults_their_rule():
    html = _client_for(UserFactory.create()).get(URL).content.decode()
    assert "au moins 12 caractères" in html
    assert 'autocomplete="new-password"' in html


def test_the_page_tells_pupils_their_schools_rule():
    pupil = UserFactory.create()
    ProfileAssignmentFactory.create(
        user=pupil,
        profile=Profile.ELEVE,
        school=SchoolFactory.create(pupil_password_rule="standard"),
    )
    html = _client_for(pupil).get(URL).content.decode()
    assert "au moins 8 caractères" in html
    assert "phrase de passe" not in html


def test_a_successful_change_goes_back_to_my_account_with_a_message():
    client = _client_for(UserFactory.create())
    response = client.post(
        URL, {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    assert "Votre mot de passe a été changé." in client.get("/compte/").content.decode()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"old_password": "faux", "new_password1": NEW, "new_password2": NEW}, "incorrect"),
        ({"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": "x"}, "diffèrent"),
        (
            {"old_password": TEST_PASSWORD, "new_password1": "soleil", "new_password2": "soleil"},
            "trop court",
        ),
    ],
)
def test_errors_are_announced_next_to_their_field(data, expected):
    user = UserFactory.create()
    response = _client_for(user).post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert expected in html
    assert 'aria-invalid="true"' in html
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_a_forced_change_explains_why_and_lifts_the_restriction():
    user = UserFactory.create(must_change_password=True)
    client = _client_for(user)
    assert "a été réinitialisé" in client.get(URL).content.decode()
    client.post(
        URL + "?next=/aide/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW,
            "new_password2": NEW,
            "next": "/aide/",
        },
    )
    assert client.get("/aide/").status_code == 200
