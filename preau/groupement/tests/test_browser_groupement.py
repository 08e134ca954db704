"""The representative's space in a real browser: figures, invoice PDF, axe at desktop and 360 px."""

import pytest
from django.urls import reverse

from preau.core.testing.browser import login_through_form
from preau.groupement.demo import seed_groupement_demo
from preau.groupement.models import Adherent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def groupement_demo(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_groupement_demo()
    return demo


def test_collectivite_reads_its_commitment_and_downloads_its_invoice(
    page, live_server, groupement_demo, demo_password, axe
):
    login_through_form(page, live_server.url, groupement_demo.collectivite.login, demo_password)
    page.locator(".tile", has_text="Console de la collectivité").get_by_role("link").click()

    ville = Adherent.objects.get(legal_name="Ville de Bellevue-sur-Loire")
    page.wait_for_url(f"{live_server.url}{reverse('groupement:adherent', args=[ville.pk])}")
    assert page.get_by_role("heading", level=1).inner_text() == "Ville de Bellevue-sur-Loire"
    need = int(page.get_by_test_id("need").inner_text())
    assert need > 0
    assert int(page.get_by_test_id("ordered").inner_text()) == need
    assert int(page.get_by_test_id("loaded").inner_text()) > 0
    assert "Terres de Retz" not in page.content()
    axe(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="télécharger le PDF").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_collectivite_space_on_a_phone_fits_and_passes_axe(
    phone_page, live_server, groupement_demo, demo_password, axe
):
    login_through_form(
        phone_page, live_server.url, groupement_demo.collectivite.login, demo_password
    )
    phone_page.goto(f"{live_server.url}{reverse('groupement:home')}")

    assert phone_page.get_by_test_id("commitment").is_visible()
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 360
    axe(phone_page)


def test_coordinator_console_passes_axe_at_both_widths(
    page, phone_page, live_server, groupement_demo, demo_password, axe
):
    for current in (page, phone_page):
        login_through_form(current, live_server.url, groupement_demo.admin.login, demo_password)
        current.goto(f"{live_server.url}{reverse('groupement:home')}")
        assert current.get_by_test_id("adherents").is_visible()
        assert current.get_by_text("SIVOS du Val de Vie").is_visible()
        assert (
            current.evaluate("() => document.documentElement.scrollWidth")
            <= (current.viewport_size["width"])
        )
        axe(current)
