"""Issue 7's scenario in a real browser: demo.enseignant posts a mot asking for a signature,
demo.parent signs it under Léo, the author sees one signature more, and the reminder reaches only
the families that have not signed."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from preau.core.testing.browser import login_through_form
from preau.directory.models import ClassMembership, ParentLink
from preau.liaison.models import Note
from preau.liaison.services.reminders import SUBJECT as REMINDER_SUBJECT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Sortie au musée jeudi"


def fits_a_phone(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= 360")


def _give_emails(demo):
    """Demo families have no e-mail: give one to Léo's parents and to another family."""
    klass = ClassMembership.objects.get(user=demo.eleve, role="eleve").school_class
    links = ParentLink.objects.filter(
        child__class_memberships__school_class=klass, parental_authority=True
    ).select_related("parent")
    others = [link.parent for link in links if link.child_id != demo.eleve.pk][:1]
    leo_parents = [link.parent for link in links if link.child_id == demo.eleve.pk]
    for person in [*leo_parents, *others]:
        person.email = f"{person.login}@example.org"
        person.save(update_fields=["email"])
    return leo_parents, others


def _logout(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_mot_signed_by_a_parent_and_reminder_to_the_others(
    page, live_server, demo, demo_password, axe, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    leo_parents, others = _give_emails(demo)
    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)
    page.get_by_role("link", name="Carnet de liaison").first.click()
    page.get_by_role("link", name="Écrire un mot").click()
    axe(page)
    page.get_by_label("Titre", exact=True).fill(TITLE)
    page.get_by_label("Texte du mot").fill("Nous irons au musée jeudi matin.")
    page.get_by_label("Classe CE1-CE2").check()
    page.get_by_label("Demander une signature (vu et signé)").check()
    page.get_by_role("button", name="Publier le mot").click()
    count = page.get_by_test_id("signature-count")
    expected = Note.objects.get(title=TITLE).recipients.values("pupil").distinct().count()
    assert count.inner_text() == f"0 signatures sur {expected} élèves"
    axe(page)
    _logout(page)

    login_through_form(page, live_server.url, demo.parent.login, demo_password)
    leo_section = page.get_by_test_id("child-section").filter(has_text="Pour Léo")
    leo_section.get_by_role("link", name="Carnet de liaison").click()
    received = page.get_by_test_id(f"received-{demo.eleve.pk}")
    assert TITLE in received.inner_text() and "À signer" in received.inner_text()
    axe(page)
    received.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Vu et signé pour Léo").click()
    expect(page.get_by_test_id("family")).to_contain_text("Vu et signé le")
    axe(page)
    _logout(page)

    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)
    note = Note.objects.get(title=TITLE)
    page.goto(live_server.url + reverse("liaison:note", args=[note.pk]))
    expect(count).to_have_text(f"1 signature sur {expected} élèves")
    page.get_by_role("button", name="Relancer les familles qui n'ont pas signé").click()
    expect(page.locator(".messages")).to_contain_text("La relance est envoyée")
    mail.outbox.clear()
    call_command("db_worker", "--batch")
    reminders = [m for m in mail.outbox if m.subject == REMINDER_SUBJECT]  # the fil mails too
    recipients = sorted(address for message in reminders for address in message.to)
    assert recipients == sorted(p.email for p in others)
    assert not {p.email for p in leo_parents} & set(recipients)
    assert all(TITLE not in m.body and TITLE not in m.subject for m in mail.outbox)


def test_carnet_pages_fit_a_phone(phone_page, live_server, demo, demo_password, axe):
    from preau.liaison.demo import seed_liaison_demo

    seed_liaison_demo()
    note = Note.objects.get()
    login_through_form(phone_page, live_server.url, demo.parent.login, demo_password)
    for url in (
        reverse("liaison:home") + f"?enfant={demo.eleve.pk}",
        reverse("liaison:note", args=[note.pk]),
        reverse("liaison:write") + f"?enfant={demo.eleve.pk}",
        reverse("news:list"),
        reverse("portal:home"),
    ):
        phone_page.goto(live_server.url + url)
        axe(phone_page)
        assert fits_a_phone(phone_page), url
    _logout(phone_page)
    login_through_form(phone_page, live_server.url, demo.enseignant.login, demo_password)
    for url in (
        reverse("liaison:home"),
        reverse("liaison:new"),
        reverse("liaison:note", args=[note.pk]),
    ):
        phone_page.goto(live_server.url + url)
        axe(phone_page)
        assert fits_a_phone(phone_page), url
    _logout(phone_page)
    login_through_form(phone_page, live_server.url, demo.eleve.login, demo_password)
    phone_page.goto(live_server.url + reverse("liaison:home"))
    assert note.title in phone_page.get_by_test_id("pupil-notes").inner_text()
    axe(phone_page)
    assert fits_a_phone(phone_page)
    _logout(phone_page)
    login_through_form(phone_page, live_server.url, demo.directeur.login, demo_password)
    phone_page.goto(live_server.url + reverse("news:new"))
    axe(phone_page)
    assert fits_a_phone(phone_page)
