"""The API of issue 6 on the demo académie: send, list, read, move, delete, refusals."""

import json

import pytest

from preau.communication.factories import MessagingSuspensionFactory
from preau.directory.models import ClassMembership
from preau.messaging.factories import ClassModerationFactory


def post(client, url, payload):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_parent_writes_to_teacher_who_lists_reads_and_replies(client, demo):
    client.force_login(demo.parent)
    created = post(
        client,
        "/api/v1/messages",
        {"to": [demo.enseignant.pk], "subject": "Dentiste", "body": "<p>Ce soir 17 h</p>"},
    )
    assert created.status_code == 201
    message_id = created.json()["id"]

    client.force_login(demo.enseignant)
    inbox = client.get("/api/v1/messages?folder=inbox").json()
    first = inbox["results"][0]
    assert first["id"] == message_id
    assert first["from"] == {"id": demo.parent.pk, "display_name": demo.parent.display_name}
    assert first["unread"] is True and first["subject"] == "Dentiste"
    detail = client.get(f"/api/v1/messages/{message_id}").json()
    assert detail["body"] == "<p>Ce soir 17 h</p>"
    assert client.get("/api/v1/messages?folder=inbox").json()["results"][0]["unread"] is False

    reply = post(
        client,
        "/api/v1/messages",
        {
            "to": [demo.parent.pk],
            "subject": "Re",
            "body": "Bien noté",
            "body_format": "text",
            "in_reply_to": message_id,
            "mode": "reply",
        },
    )
    assert reply.status_code == 201
    client.force_login(demo.parent)
    assert (
        client.get("/api/v1/messages?folder=inbox").json()["results"][0]["id"] == reply.json()["id"]
    )
    sent = client.get(f"/api/v1/messages/{message_id}").json()
    assert sent["receipts"] == {"total": 1, "read": 1}


def test_parent_to_another_parent_is_forbidden(client, demo):
    other_parent = (
        ClassMembership.objects.filter(role="eleve")
        .exclude(user__parent_links__parent=demo.parent)
        .values_list("user__parent_links__parent", flat=True)
        .exclude(user__parent_links__parent=None)
        .first()
    )
    client.force_login(demo.parent)
    response = post(client, "/api/v1/messages", {"to": [other_parent], "subject": "Coucou"})
    assert response.status_code == 403
    assert response.json()["error"] == "communication_forbidden"
    assert client.get("/api/v1/messages?folder=sent").json()["results"] == []


def test_kill_switch_answers_messaging_suspended_and_reading_works(client, demo):
    client.force_login(demo.enseignant)
    assert (
        post(client, "/api/v1/messages", {"to": [demo.parent.pk], "subject": "Avant"}).status_code
        == 201
    )
    MessagingSuspensionFactory.create(reason="Maintenance")
    client.force_login(demo.parent)
    response = post(client, "/api/v1/messages", {"to": [demo.enseignant.pk], "subject": "Après"})
    assert response.status_code == 403
    assert response.json()["error"] == "messaging_suspended"
    assert [m["subject"] for m in client.get("/api/v1/messages").json()["results"]] == ["Avant"]


def test_pupil_message_waits_for_moderation_then_leaves(client, demo):
    school_class = ClassMembership.objects.get(
        user=demo.eleve, role="eleve", ended_at=None
    ).school_class
    ClassModerationFactory.create(school_class=school_class)
    client.force_login(demo.eleve)
    created = post(
        client, "/api/v1/messages", {"to": [demo.enseignant.pk], "subject": "Mon dessin"}
    )
    assert created.json()["status"] == "pending"
    assert client.get("/api/v1/messages?folder=sent").json()["results"][0]["status"] == "pending"

    client.force_login(demo.enseignant)
    assert client.get("/api/v1/messages").json()["results"] == []
    approved = client.post(f"/api/v1/messages/{created.json()['id']}/approve")
    assert approved.json()["status"] == "sent"
    assert client.get("/api/v1/messages").json()["results"][0]["subject"] == "Mon dessin"


def test_move_to_trash_then_delete_for_good(client, demo):
    client.force_login(demo.enseignant)
    message_id = post(
        client, "/api/v1/messages", {"to": [demo.parent.pk], "subject": "Sortie"}
    ).json()["id"]
    client.force_login(demo.parent)
    moved = post(client, f"/api/v1/messages/{message_id}/move", {"folder": "trash"})
    assert moved.json() == {"id": message_id, "folder": "trash"}
    assert client.get("/api/v1/messages?folder=inbox").json()["results"] == []
    assert len(client.get("/api/v1/messages?folder=trash").json()["results"]) == 1
    assert client.delete(f"/api/v1/messages/{message_id}").json()["folder"] == "deleted"
    assert client.get("/api/v1/messages?folder=trash").json()["results"] == []
    assert client.get(f"/api/v1/messages/{message_id}").status_code == 404


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"to": [], "subject": "x"}, "recipients_required"),
        ({"to": ["group:0"], "subject": "x"}, "recipient_invalid"),
    ],
)
def test_bad_requests_get_typed_errors(client, demo, payload, code):
    client.force_login(demo.parent)
    response = post(client, "/api/v1/messages", payload)
    assert response.status_code == 422
    assert response.json()["error"] == code


def test_someone_elses_message_is_not_found(client, demo):
    client.force_login(demo.enseignant)
    message_id = post(
        client, "/api/v1/messages", {"to": [demo.parent.pk], "subject": "Privé"}
    ).json()["id"]
    client.force_login(demo.directeur)
    assert client.get(f"/api/v1/messages/{message_id}").status_code == 404
