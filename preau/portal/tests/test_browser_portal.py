"""The portal in a real browser (Debian chromium): login, tiles, phones, keyboard, axe, CSP."""

import pytest
from django.urls import reverse

from preau.core.testing.browser import login_through_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    ("accounts:login", "Se connecter"),
    ("portal:help", "Aide"),
    ("portal:legal", "Mentions légales"),
    ("portal:privacy", "Données personnelles"),
    ("portal:accessibility", "Déclaration d'accessibilité"),
]


def tile_labels(locator) -> list[str]:
    return [label.strip() for label in locator.locator(".tile__label").all_inner_texts()]


def has_no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_parent_sees_own_tiles_and_a_section_per_child(page, live_server, demo, demo_password, axe):
    login_through_form(page, live_server.url, demo.parent.login, demo_password)

    assert page.url == f"{live_server.url}{reverse('portal:home')}"
    assert page.get_by_role("heading", level=1).inner_text() == f"Bonjour {demo.parent.first_name}"
    own = tile_labels(page.get_by_test_id("tiles"))
    assert {"Messagerie", "Fil de nouveautés", "Mon compte"} <= set(own)
    assert "Carnet de liaison" not in own
    sections = page.get_by_test_id("child-section")
    assert sections.count() == 2
    for index in range(2):
        section = sections.nth(index)
        assert section.get_by_role("heading", level=2).inner_text().startswith("Pour ")
        assert {"Carnet de liaison", "Cahier de textes"} <= set(tile_labels(section))
    assert page.get_by_text("Aucune actualité pour le moment.").is_visible()
    axe(page)


def test_teacher_sees_teaching_tiles_and_no_child_section(
    page, live_server, demo, demo_password, axe
):
    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)

    own = tile_labels(page.get_by_test_id("tiles"))
    assert {"Carnet de liaison", "Cahier de textes", "Médiacentre", "Messagerie"} <= set(own)
    assert "Console académique" not in own
    assert page.get_by_test_id("child-section").count() == 0
    assert page.get_by_text(demo.enseignant.display_name).is_visible()
    axe(page)


def test_unavailable_service_is_announced_not_a_link(page, live_server, demo, demo_password):
    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)

    later = page.locator(".tile", has_text="Cahier de textes").first
    assert later.get_by_text("Bientôt disponible").is_visible()
    assert later.get_by_role("link").count() == 0
    page.locator(".tile", has_text="Mon compte").get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mon compte"


def test_home_on_a_phone_fits_360_px_and_passes_axe(
    phone_page, live_server, demo, demo_password, axe
):
    login_through_form(phone_page, live_server.url, demo.parent.login, demo_password)

    assert phone_page.get_by_test_id("child-section").count() == 2
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 360
    axe(phone_page)


def test_home_in_dark_mode_passes_axe(page, live_server, demo, demo_password, axe):
    page.emulate_media(color_scheme="dark")
    login_through_form(page, live_server.url, demo.parent.login, demo_password)

    axe(page)


@pytest.mark.parametrize(("url_name", "heading"), PUBLIC_PAGES)
def test_public_page_passes_axe_on_desktop(page, live_server, axe, url_name, heading):
    page.goto(f"{live_server.url}{reverse(url_name)}")

    assert page.get_by_role("heading", level=1).inner_text() == heading
    axe(page)


@pytest.mark.parametrize(("url_name", "heading"), PUBLIC_PAGES)
def test_public_page_fits_a_phone_and_passes_axe(phone_page, live_server, axe, url_name, heading):
    phone_page.goto(f"{live_server.url}{reverse(url_name)}")

    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 360
    axe(phone_page)


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_content(page, live_server, db):
    page.goto(f"{live_server.url}{reverse('accounts:login')}")

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Aller au contenu"
    assert page.get_by_text("Aller au contenu").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenu"


def test_keyboard_alone_logs_in_and_out(page, live_server, demo, demo_password):
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.locator("input[name=login]").focus()
    page.keyboard.type(demo.parent.login)
    page.keyboard.press("Tab")
    page.keyboard.type(demo_password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{reverse('portal:home')}")

    page.get_by_role("button", name="Se déconnecter").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{reverse('accounts:login')}*")
    assert page.get_by_role("heading", level=1).inner_text() == "Se connecter"


def test_pages_run_under_the_strict_csp_with_htmx_loaded(
    strict_page, live_server, demo, demo_password
):
    login_through_form(strict_page, live_server.url, demo.parent.login, demo_password)
    strict_page.goto(f"{live_server.url}{reverse('portal:privacy')}")

    assert strict_page.evaluate("() => typeof window.htmx") == "object"
    assert has_no_horizontal_scroll(strict_page)
    assert strict_page.csp_violations == []
