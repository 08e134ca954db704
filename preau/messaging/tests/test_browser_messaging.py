"""In a real browser: a parent writes to the teacher, who reads and answers; a pupil's message
waits for moderation. Every page passes axe and fits a 360 px phone."""

import pytest

from preau.core.testing.browser import login_through_form
from preau.directory.models import ClassMembership
from preau.messaging.factories import ClassModerationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_phone(page):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360


def write(page, base, recipient_name, subject, text):
    page.goto(f"{base}/messagerie/ecrire/")
    page.get_by_label("Chercher une personne ou un groupe").fill(recipient_name.split()[0])
    page.get_by_role("button", name=f"Ajouter {recipient_name}").first.click()
    page.get_by_test_id("chosen").get_by_text(recipient_name).wait_for()
    page.get_by_label("Objet").fill(subject)
    page.get_by_role("textbox", name="Message").fill(text)
    page.get_by_role("button", name="Gras").click()
    page.get_by_role("button", name="Envoyer").click()


def test_parent_writes_teacher_reads_and_answers(phone_page, live_server, demo, demo_password, axe):
    page = phone_page
    login_through_form(page, live_server.url, demo.parent.login, demo_password)
    write(
        page,
        live_server.url,
        demo.enseignant.display_name,
        "Dentiste ce soir",
        "Léa partira à 16 h.",
    )
    assert "Message envoyé." in page.locator(".messages").inner_text()
    axe(page)
    fits_phone(page)

    page.context.clear_cookies()
    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)
    assert page.get_by_test_id("badge-messages").inner_text().split()[:2] == ["Messages", "1"]
    page.get_by_test_id("home-feed").get_by_test_id("feed-entry").first.wait_for()
    assert "Nouveau message de" in page.get_by_test_id("home-feed").inner_text()
    axe(page)
    fits_phone(page)
    page.get_by_test_id("badge-messages").click()
    page.get_by_role("link", name="Dentiste ce soir").click()
    assert "Léa partira à 16 h." in page.get_by_test_id("message-body").inner_text()
    axe(page)
    fits_phone(page)
    page.get_by_role("link", name="Répondre", exact=True).click()
    assert page.get_by_label("Objet").input_value() == "Re : Dentiste ce soir"
    page.get_by_role("textbox", name="Message").press("Control+Home")
    page.get_by_role("textbox", name="Message").type("Bien noté, merci. ")
    page.get_by_role("button", name="Envoyer").click()
    assert "Message envoyé." in page.locator(".messages").inner_text()

    page.context.clear_cookies()
    login_through_form(page, live_server.url, demo.parent.login, demo_password)
    page.goto(f"{live_server.url}/messagerie/")
    page.get_by_role("link", name="Re : Dentiste ce soir").click()
    assert "Bien noté, merci." in page.get_by_test_id("message-body").inner_text()
    page.goto(f"{live_server.url}/messagerie/dossier/sent/")
    page.get_by_role("link", name="Dentiste ce soir").first.click()
    assert "Lu par 1 sur 1" in page.get_by_test_id("receipts").inner_text()


def test_pupil_message_waits_for_the_teacher(page, live_server, demo, demo_password, axe):
    school_class = ClassMembership.objects.get(
        user=demo.eleve, role="eleve", ended_at=None
    ).school_class
    ClassModerationFactory.create(school_class=school_class)
    login_through_form(page, live_server.url, demo.eleve.login, demo_password)
    write(page, live_server.url, demo.enseignant.display_name, "Mon dessin", "Regarde mon dessin.")
    assert "attend la validation" in page.locator(".messages").inner_text()
    assert "En attente de validation" in page.get_by_test_id("mail-list").inner_text()
    axe(page)

    page.context.clear_cookies()
    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)
    page.goto(f"{live_server.url}/messagerie/moderation/")
    assert "Regarde mon dessin." in page.get_by_test_id("moderation-queue").inner_text()
    axe(page)
    page.get_by_role("button", name="Valider et envoyer").click()
    assert "Message validé et envoyé." in page.locator(".messages").inner_text()
    page.goto(f"{live_server.url}/messagerie/")
    assert "Mon dessin" in page.get_by_test_id("mail-list").inner_text()


def test_refused_recipient_and_feed_page_on_a_phone(
    phone_page, live_server, demo, demo_password, axe
):
    page = phone_page
    login_through_form(page, live_server.url, demo.parent.login, demo_password)
    page.goto(f"{live_server.url}/messagerie/ecrire/?a={demo.directeur.pk + 100000}")
    page.get_by_label("Objet").fill("Test")
    page.get_by_role("button", name="Envoyer").click()
    assert page.get_by_test_id("send-error").is_visible()
    page.goto(f"{live_server.url}/fil/")
    axe(page)
    fits_phone(page)
    page.goto(f"{live_server.url}/fil/preferences/")
    axe(page)
    fits_phone(page)
