import pytest

from preau.directory.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def me(client, user):
    client.force_login(user)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    return response.json()


def test_me_needs_a_session(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_me_for_a_person_without_any_role(client):
    user = UserFactory.create(first_name="Jeanne", last_name="Dupont", login="jeanne.dupont")
    assert me(client, user) == {
        "id": user.pk,
        "login": "jeanne.dupont",
        "display_name": "Jeanne DUPONT",
        "profiles": [],
        "functions": [],
        "schools": [],
        "classes": [],
        "children": [],
    }
    assert TEST_PASSWORD


MAIN = {"uai": "0441547T", "name": "École primaire Jules-Verne"}


@pytest.mark.parametrize(
    ("who", "profiles", "functions", "schools", "classes"),
    [
        ("directeur", ["enseignant"], ["admin_local", "directeur"], [MAIN], ["CM2"]),
        ("enseignant", ["enseignant"], [], [MAIN], ["CE1-CE2"]),
        ("parent", ["responsable"], [], [MAIN], []),
        ("eleve", ["eleve"], [], [MAIN], ["CE1-CE2"]),
        ("atsem", ["personnel"], [], [MAIN], ["PS-MS"]),
        ("inspecteur", ["inspection"], [], [], []),
        ("collectivite", ["collectivite"], ["admin_collectivite"], [], []),
        ("admin", [], ["admin_academique"], [], []),
    ],
)
def test_me_tells_the_truth_about_every_demo_account(
    client, demo, who, profiles, functions, schools, classes
):
    body = me(client, getattr(demo, who))
    assert body["login"] == f"demo.{who}"
    assert body["profiles"] == profiles
    assert body["functions"] == functions
    assert body["schools"] == schools
    assert [c["name"] for c in body["classes"]] == classes
    assert all(c["uai"] == "0441547T" for c in body["classes"])
    if who != "parent":
        assert body["children"] == []


def test_me_lists_the_parents_children_with_their_classes(client, demo):
    body = me(client, demo.parent)
    children = {c["display_name"]: [k["name"] for k in c["classes"]] for c in body["children"]}
    assert children == {"Léo GARNIER": ["CE1-CE2"], "Jade GARNIER": ["CM1"]}
    assert {c["login"] for c in body["children"]} == {"demo.eleve", "jade.garnier"}


def test_openapi_documents_the_profile_and_function_codes(client):
    schema = client.get("/api/v1/openapi.json").json()
    me_out = schema["components"]["schemas"]["MeOut"]["properties"]
    assert set(me_out["profiles"]["items"]["enum"]) == {
        "eleve",
        "responsable",
        "enseignant",
        "personnel",
        "invite",
        "inspection",
        "collectivite",
    }
    assert "admin_academique" in me_out["functions"]["items"]["enum"]
    assert "responsable légal" in me_out["profiles"]["description"]
