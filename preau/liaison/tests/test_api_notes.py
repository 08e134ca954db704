import pytest

from preau.liaison.models import Note

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_teacher_posts_parent_signs_author_sees_one_more(client, fam):
    api = _client(client, fam.teacher)
    response = api.post(
        "/api/v1/liaison/notes",
        {
            "title": "Sortie au musée",
            "body": "<p>Jeudi</p>",
            "classes": [fam.cls.pk],
            "requires_signature": True,
            "reply": {"question": "Participera ?", "kind": "choices", "choices": ["oui", "non"]},
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    note_id = response.json()["id"]
    assert api.get(f"/api/v1/liaison/notes/{note_id}").json()["signatures"] == {
        "expected": 3,
        "signed": 0,
    }

    parent = _client(client, fam.leo_parent)
    listing = parent.get(f"/api/v1/liaison/notes?child={fam.leo.pk}").json()
    assert [(n["id"], n["child"], n["signed_at"]) for n in listing["received"]] == [
        (note_id, fam.leo.pk, None)
    ]
    assert "signatures" not in parent.get(f"/api/v1/liaison/notes/{note_id}").json() or (
        parent.get(f"/api/v1/liaison/notes/{note_id}").json()["signatures"] is None
    )
    assert parent.post(f"/api/v1/liaison/notes/{note_id}/sign").json() == {"pupils": [fam.leo.pk]}
    reply = parent.post(
        f"/api/v1/liaison/notes/{note_id}/reply",
        {"answer": "oui"},
        content_type="application/json",
    )
    assert reply.status_code == 200

    author = _client(client, fam.teacher)
    detail = author.get(f"/api/v1/liaison/notes/{note_id}").json()
    assert detail["signatures"] == {"expected": 3, "signed": 1}
    listing = author.get("/api/v1/liaison/notes").json()
    assert listing["written"][0]["signatures"] == {"expected": 3, "signed": 1}
    remind = author.post(f"/api/v1/liaison/notes/{note_id}/reminders")
    assert remind.status_code == 202


def test_typed_errors(client, fam):
    api = _client(client, fam.teacher)
    response = api.post(
        "/api/v1/liaison/notes",
        {"title": "x", "body": "y", "classes": [fam.other_class.pk]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"] == "recipient_out_of_scope"
    assert response.json()["message"].startswith("Vous ne pouvez")
    response = api.post(
        "/api/v1/liaison/notes", {"title": "x", "body": "y"}, content_type="application/json"
    )
    assert (response.status_code, response.json()["error"]) == (422, "no_recipient")
    assert Note.objects.count() == 0


def test_a_stranger_gets_404_and_cannot_sign(client, fam, user_factory):
    note_id = (
        _client(client, fam.teacher)
        .post(
            "/api/v1/liaison/notes",
            {"title": "x", "body": "y", "classes": [fam.cls.pk], "requires_signature": True},
            content_type="application/json",
        )
        .json()["id"]
    )
    stranger = _client(client, user_factory.create())
    assert stranger.get(f"/api/v1/liaison/notes/{note_id}").json()["error"] == "not_found"
    assert stranger.post(f"/api/v1/liaison/notes/{note_id}/sign").status_code == 404


def test_parent_cannot_post(client, fam):
    response = _client(client, fam.mother).post(
        "/api/v1/liaison/notes",
        {"title": "x", "body": "y", "classes": [fam.cls.pk]},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["error"]) == (403, "forbidden")


def test_a_document_joined_by_id_is_downloadable_by_the_families_only(client, fam):
    from preau.documents.services.documents import upload as upload_document
    from preau.storage.testing import pdf_bytes, upload

    document = upload_document(fam.teacher, upload("programme.pdf", pdf_bytes()))
    api = _client(client, fam.teacher)
    created = api.post(
        "/api/v1/liaison/notes",
        {
            "title": "Sortie",
            "body": "Programme",
            "classes": [fam.cls.pk],
            "attachments": [document.pk],
        },
        content_type="application/json",
    )
    note_id = created.json()["id"]

    parent = _client(client, fam.leo_parent)
    joined = parent.get(f"/api/v1/liaison/notes/{note_id}").json()["attachments"]
    assert [(a["name"], a["content_type"]) for a in joined] == [
        ("programme.pdf", "application/pdf")
    ]
    assert parent.get(joined[0]["url"]).status_code == 200
    from preau.directory.factories import make_parent, make_pupil

    stranger = _client(client, make_parent(make_pupil(fam.other_class)))
    assert stranger.get(f"/api/v1/liaison/notes/{note_id}").status_code == 404
    assert stranger.get(joined[0]["url"]).status_code == 404


def test_an_unknown_document_is_a_typed_refusal(client, fam):
    response = _client(client, fam.teacher).post(
        "/api/v1/liaison/notes",
        {"title": "Sortie", "body": "Programme", "classes": [fam.cls.pk], "attachments": [999999]},
        content_type="application/json",
    )

    assert (response.status_code, response.json()["error"]) == (404, "attachment_not_found")
    assert not Note.objects.exists()
