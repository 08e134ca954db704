"""A mot with an attachment at 360 px: demo.enseignant joins a PDF, demo.parent opens it from
the mot; the file is refused to a family the mot was not sent to."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from preau.core.testing.browser import login_through_form
from preau.directory.models import ClassMembership, ParentLink
from preau.storage.testing import local_files, pdf_bytes  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Programme de la sortie"


def _logout(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_attachment_reaches_the_families_of_the_mot_only(
    phone_page, live_server, demo, demo_password, axe
):
    page = phone_page
    klass = ClassMembership.objects.get(user=demo.eleve, role="eleve").school_class
    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)
    page.goto(live_server.url + reverse("liaison:new"))
    page.get_by_label("Titre", exact=True).fill(TITLE)
    page.get_by_label("Texte du mot").fill("Le programme est joint.")
    page.get_by_label("Pièces jointes").set_input_files(
        [{"name": "programme.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_label(f"Classe {klass.name}").check()
    page.get_by_role("button", name="Publier le mot").click()
    expect(page.get_by_test_id("attachments")).to_contain_text("programme.pdf")
    axe(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= 360")
    file_url = page.get_by_role("link", name="programme.pdf", exact=True).get_attribute("href")
    _logout(page)

    login_through_form(page, live_server.url, demo.parent.login, demo_password)
    note_url = file_url.split("piece-jointe")[0]
    page.goto(live_server.url + note_url)
    expect(page.get_by_test_id("attachments")).to_contain_text("programme.pdf")
    axe(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= 360")
    response = page.request.get(live_server.url + file_url)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    _logout(page)

    outsider = (
        ParentLink.objects.filter(parental_authority=True)
        .exclude(child__class_memberships__school_class=klass)
        .exclude(parent__child_links__child__class_memberships__school_class=klass)
        .select_related("parent")
        .first()
    )
    assert outsider is not None
    outsider.parent.set_password(demo_password)
    outsider.parent.save(update_fields=["password"])
    login_through_form(page, live_server.url, outsider.parent.login, demo_password)
    refused = page.request.get(live_server.url + file_url)
    assert refused.status == 404
