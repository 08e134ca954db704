"""`POST /api/v1/messages` to "Parents de l'académie": 201 for the académie admin, 403 for
everyone else; the sender's page of a broadcast shows who has read, a page at a time."""

import json

import pytest

from preau.messaging import selectors
from preau.messaging.models import Delivery, Message
from preau.messaging.services import mailbox


def _post(client, sender, group):
    client.force_login(sender)
    payload = {"to": [f"group:{group.pk}"], "subject": "Rentrée", "body": "<p>Bonjour</p>"}
    return client.post(
        "/api/v1/messages", data=json.dumps(payload), content_type="application/json"
    )


def test_the_academie_admin_broadcasts_and_every_parent_receives_it(
    client, wide, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = _post(client, wide.admin, wide.parents)
    assert created.status_code == 201
    message_id = created.json()["id"]
    copies = Delivery.objects.filter(message_id=message_id, box="inbox")
    assert set(copies.values_list("user_id", flat=True)) == wide.expected_parents()
    client.force_login(wide.parent_b)
    inbox = client.get("/api/v1/messages?folder=inbox").json()["results"]
    assert inbox[0]["id"] == message_id and inbox[0]["unread"] is True
    assert inbox[0]["from"]["id"] == wide.admin.pk
    timeline = client.get("/api/v1/timeline").json()
    assert any(f"/messagerie/message/{message_id}/" in str(item) for item in timeline["results"])


@pytest.mark.parametrize(
    "who",
    ["director", "teacher", "parent", "pupil", "inspector", "representative", "other_admin"],
)
def test_everyone_else_gets_403_communication_forbidden(client, wide, who):
    sender = getattr(wide.tiny, who, None) or getattr(wide, who)
    refused = _post(client, sender, wide.parents)
    assert refused.status_code == 403
    assert refused.json()["error"] == "communication_forbidden"
    assert not Message.objects.exists()


def test_the_sender_pages_through_the_readers_of_a_broadcast(
    client, wide, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(selectors, "RECEIPTS_SHOWN", 2)
    with django_capture_on_commit_callbacks(execute=True):
        message_id = _post(client, wide.admin, wide.parents).json()["id"]
    for reader in (wide.tiny.parent, wide.parent_b, wide.twice_parent):
        mailbox.mark_read(reader, message_id)
    client.force_login(wide.admin)
    page = client.get(f"/messagerie/message/{message_id}/").content.decode()
    assert "Lu par 3 sur 5" in page and 'data-testid="receipts-next"' in page
    assert wide.twice_parent.display_name in page
    assert wide.tiny.parent.display_name not in page.split('data-testid="receipts"')[1]
    second = client.get(f"/messagerie/message/{message_id}/?lecteurs=2").content.decode()
    assert wide.tiny.parent.display_name in second and 'data-testid="receipts-previous"' in second
    detail = client.get(f"/api/v1/messages/{message_id}").json()
    assert detail["receipts"] == {"total": 5, "read": 3}
