"""The messagerie's pages without JavaScript and their htmx partials."""

import pytest
from django.urls import reverse

from preau.communication.factories import MessagingSuspensionFactory
from preau.messaging.factories import send
from preau.messaging.models import Message


def test_compose_without_javascript_searches_adds_and_sends(client, tiny):
    client.force_login(tiny.parent)
    url = reverse("messaging:compose")
    found = client.post(url, {"action": "search", "q": tiny.teacher.first_name})
    assert f"Ajouter {tiny.teacher.display_name}" in found.content.decode()
    added = client.post(url, {"add": f"person:{tiny.teacher.pk}", "subject": "Absence"})
    assert f'value="person:{tiny.teacher.pk}" checked' in added.content.decode()
    sent = client.post(
        url,
        {
            "action": "send",
            "to": f"person:{tiny.teacher.pk}",
            "subject": "Absence",
            "body": "Malade",
        },
    )
    assert sent["Location"] == reverse("messaging:folder", args=["sent"])
    assert Message.objects.get().body == "<p>Malade</p>"


def test_compose_shows_the_refusal_and_keeps_what_was_typed(client, tiny):
    client.force_login(tiny.parent)
    page = client.post(
        reverse("messaging:compose"),
        {"action": "send", "to": f"person:{tiny.classmate_parent.pk}", "subject": "Goûter"},
    ).content.decode()
    assert "règles de communication" in page and 'value="Goûter"' in page
    assert not Message.objects.exists()


def test_kill_switch_explanation_on_send(client, tiny):
    MessagingSuspensionFactory.create(reason="Vacances scolaires")
    client.force_login(tiny.parent)
    page = client.post(
        reverse("messaging:compose"),
        {"action": "send", "to": f"person:{tiny.teacher.pk}", "subject": "x"},
    ).content.decode()
    assert "Vacances scolaires" in page and "toujours lire vos messages" in page


def test_autosave_creates_then_updates_one_draft(client, tiny):
    client.force_login(tiny.parent)
    first = client.post(reverse("messaging:autosave"), {"subject": "Brouillon", "to": []})
    draft = Message.objects.get(status="draft")
    assert f'value="{draft.pk}" hx-swap-oob="true"' in first.content.decode()
    client.post(reverse("messaging:autosave"), {"subject": "Sortie", "draft_id": draft.pk})
    assert Message.objects.get().subject == "Sortie"
    assert "Sortie" in client.get(reverse("messaging:folder", args=["drafts"])).content.decode()


def test_recipient_search_partial_only_offers_allowed_people(client, tiny):
    client.force_login(tiny.parent)
    url = reverse("messaging:recipients")
    assert (
        tiny.teacher.display_name in client.get(url, {"q": tiny.teacher.last_name}).content.decode()
    )
    refused = client.get(url, {"q": tiny.classmate_parent.last_name}).content.decode()
    assert tiny.classmate_parent.display_name not in refused


def test_reading_shows_receipts_to_the_sender_only(client, tiny):
    message = send(tiny.parent, tiny.teacher)
    client.force_login(tiny.teacher)
    assert (
        'data-testid="receipts"'
        not in client.get(reverse("messaging:read", args=[message.pk])).content.decode()
    )
    client.force_login(tiny.parent)
    assert (
        "Lu par 1 sur 1"
        in client.get(reverse("messaging:read", args=[message.pk])).content.decode()
    )


@pytest.mark.parametrize(("who", "status"), [("teacher", 200), ("parent", 404), ("pupil", 404)])
def test_moderation_page_is_for_teachers(client, tiny, who, status):
    client.force_login(getattr(tiny, who))
    assert client.get(reverse("messaging:moderation")).status_code == status


def test_teacher_switches_moderation_from_the_page(client, tiny):
    client.force_login(tiny.teacher)
    client.post(reverse("messaging:set_class", args=[tiny.ce1.pk]), {"enabled": "on"})
    assert send(tiny.pupil, tiny.teacher).status == "pending"
