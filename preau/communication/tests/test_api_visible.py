"""GET /api/v1/communication/visible."""

import pytest

from preau.communication.tests.helpers import tiny_school

URL = "/api/v1/communication/visible"


@pytest.fixture
def t(db):
    return tiny_school()


def test_lists_people_and_groups_the_person_may_write_to(client, t):
    client.force_login(t.parent)
    body = client.get(URL, {"limit": 50}).json()
    people = {r["id"] for r in body["results"] if r["type"] == "person"}
    assert people == {t.pupil.pk, t.teacher.pk, t.director.pk}
    teacher = next(r for r in body["results"] if r["id"] == t.teacher.pk)
    assert teacher == {
        "type": "person",
        "id": t.teacher.pk,
        "display_name": t.teacher.display_name,
        "profile": "enseignant",
        "uai": [t.school.uai],
    }
    groups = [r for r in body["results"] if r["type"] == "group"]
    assert [g["display_name"] for g in groups] == ["CE1 A – Enseignants"]


def test_search_and_limit(client, t):
    t.teacher.last_name = "Lefèvre"
    t.teacher.save()
    client.force_login(t.director)
    body = client.get(URL, {"q": "LEFEV", "limit": 5}).json()
    assert [r["id"] for r in body["results"]] == [t.teacher.pk]
    assert len(client.get(URL, {"limit": 2}).json()["results"]) == 2


def test_bad_limit_and_anonymous_get_typed_errors(client, t):
    assert client.get(URL).json()["error"] == "not_authenticated"
    client.force_login(t.parent)
    response = client.get(URL, {"limit": 500})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
