"""A director changes a parent's quota from a phone: documents → storage pages → quota form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from preau.core.testing.browser import login_through_form
from preau.directory.factories import TEST_PASSWORD
from preau.storage.selectors import usage_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_a_phone(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= 360


def test_a_director_changes_a_parents_quota_on_a_phone(phone_page, live_server, t, axe):
    page = phone_page
    login_through_form(page, live_server.url, t.director.login, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('documents:home')}")
    page.get_by_role("link", name="Gérer le stockage des écoles").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Stockage des écoles"
    axe(page)
    assert fits_a_phone(page)
    page.get_by_role("link", name=t.school.name).click()
    axe(page)
    assert fits_a_phone(page)
    page.get_by_role("link", name=f"{t.parent.list_name} : modifier le quota").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Quota de {t.parent.display_name}"
    )
    axe(page)
    assert fits_a_phone(page)
    page.get_by_label("Limite en Gio").fill("2,5")
    page.get_by_role("button", name="Enregistrer le quota").click()
    assert f"Quota de {t.parent.display_name} enregistré." in page.locator(".messages").inner_text()
    assert "limite personnelle" in page.locator("main").inner_text()
    axe(page)
    assert usage_of(t.parent).limit == 5 << 29
