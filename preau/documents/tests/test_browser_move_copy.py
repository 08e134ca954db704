"""Move and copy a document from its row in a listing, on a phone: the form comes by htmx when
the row's disclosure opens. axe clean, 360 px."""

from __future__ import annotations

import pytest
from django.urls import reverse

from preau.core.testing.browser import login_through_form
from preau.directory.factories import TEST_PASSWORD
from preau.documents.factories import make_document, make_folder
from preau.documents.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_a_phone(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= 360


def test_copy_then_move_a_document_into_a_folder_from_the_listing(phone_page, live_server, t, axe):
    page = phone_page
    target = make_folder(t.teacher, "Rangement")
    make_document(t.teacher, "fiche.txt")
    login_through_form(page, live_server.url, t.teacher.login, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('documents:home')}")
    page.get_by_text("Déplacer ou copier fiche.txt").click()
    destination = page.get_by_label("Dossier de destination pour fiche.txt")
    destination.wait_for()
    axe(page)
    assert fits_a_phone(page)
    destination.select_option(label="Rangement")
    page.get_by_role("button", name="Copier fiche.txt").click()
    assert "Copie de « fiche.txt » enregistrée." in page.locator(".messages").inner_text()
    assert page.url.endswith(reverse("documents:home"))

    page.get_by_text("Déplacer ou copier fiche.txt").click()
    destination.wait_for()
    destination.select_option(label="Rangement")
    page.get_by_role("button", name="Déplacer fiche.txt").click()
    assert "« fiche.txt » a été déplacé." in page.locator(".messages").inner_text()
    axe(page)
    assert Document.objects.filter(name="fiche.txt", folder=target).count() == 2
    page.goto(f"{live_server.url}{reverse('documents:folder', args=[target.pk])}")
    assert page.get_by_role("link", name="fiche.txt").count() == 2
    axe(page)
    assert fits_a_phone(page)
