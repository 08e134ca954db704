from __future__ import annotations

import pytest
from django.test import Client

from preau.directory.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def _operator_client() -> Client:
    client = Client()
    client.force_login(UserFactory.create(login="ops", is_staff=True, is_superuser=True))
    return client


def test_operators_find_a_school_by_its_uai():
    school = SchoolFactory.create()
    listing = _operator_client().get(f"/operateurs/directory/school/?q={school.uai}")
    assert listing.status_code == 200
    assert school.uai in listing.content.decode()


@pytest.mark.parametrize("model", ["school", "schoolclass", "group", "profileassignment"])
def test_operators_cannot_change_the_directory_behind_the_services(model):
    client = _operator_client()
    assert client.get(f"/operateurs/directory/{model}/add/").status_code == 403


def test_the_audit_trail_is_readable_and_never_editable():
    client = _operator_client()
    assert client.get("/operateurs/core/auditevent/").status_code == 200
    assert client.get("/operateurs/core/auditevent/add/").status_code == 403
