from __future__ import annotations

import pytest
from django.test import Client

from preau.accounts.errors import PasswordRejected, WrongCurrentPassword
from preau.accounts.services import change_password
from preau.core.errors import PermissionDenied
from preau.core.models import AuditEvent
from preau.directory.factories import (
    TEST_PASSWORD,
    ProfileAssignmentFactory,
    SchoolFactory,
    UserFactory,
)
from preau.directory.models import Profile

pytestmark = pytest.mark.django_db
NEW = "trois petits chats blancs"


def test_changing_ones_password_replaces_it_and_is_audited():
    user = UserFactory.create(must_change_password=True)
    change_password(user, user, TEST_PASSWORD, NEW)
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not user.must_change_password
    event = AuditEvent.objects.get(action="accounts.password_changed")
    assert (event.actor_id, event.target_id) == (user.pk, str(user.pk))
    assert NEW not in str(event.data) and TEST_PASSWORD not in str(event.data)


def test_wrong_current_password_changes_nothing():
    user = UserFactory.create()
    with pytest.raises(WrongCurrentPassword):
        change_password(user, user, "pas le bon", NEW)
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    assert not AuditEvent.objects.exists()


def test_reusing_the_current_password_is_refused():
    user = UserFactory.create()
    with pytest.raises(PasswordRejected) as error:
        change_password(user, user, TEST_PASSWORD, TEST_PASSWORD)
    assert error.value.code == "password_rejected"
    assert "différent" in error.value.message


def test_the_policy_applies_with_french_messages():
    user = UserFactory.create()
    with pytest.raises(PasswordRejected) as error:
        change_password(user, user, TEST_PASSWORD, "azertyuiop")
    assert any("trop court" in m for m in error.value.messages)
    assert any("trop courant" in m for m in error.value.messages)
    assert error.value.as_payload()["errors"] == error.value.messages


def test_a_pupil_of_a_simple_rule_school_may_choose_six_characters():
    pupil = UserFactory.create()
    school = SchoolFactory.create(pupil_password_rule="simple")
    ProfileAssignmentFactory.create(user=pupil, profile=Profile.ELEVE, school=school)
    change_password(pupil, pupil, TEST_PASSWORD, "tig3re")
    pupil.refresh_from_db()
    assert pupil.check_password("tig3re")


def test_nobody_changes_someone_elses_password_here():
    user, other = UserFactory.create(), UserFactory.create()
    with pytest.raises(PermissionDenied):
        change_password(other, user, TEST_PASSWORD, NEW)


def test_other_sessions_die_and_the_current_one_survives():
    UserFactory.create(login="lea.martin")
    phone, laptop = Client(), Client()
    for client in (phone, laptop):
        client.post("/compte/connexion/", {"login": "lea.martin", "password": TEST_PASSWORD})
    response = laptop.post(
        "/compte/mot-de-passe/",
        {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert laptop.get("/compte/").status_code == 200
    assert phone.get("/compte/").status_code == 302
