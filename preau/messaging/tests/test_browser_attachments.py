"""In a real browser, on a phone: a parent attaches a file while writing (htmx), sends it, and
the teacher downloads the same bytes. The pages pass axe and fit 360 px."""

import pytest

from preau.core.testing.browser import login_through_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_phone(page):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360


def test_parent_attaches_a_file_and_teacher_downloads_it(
    phone_page, live_server, demo, demo_password, axe, tmp_path
):
    page = phone_page
    note = tmp_path / "certificat.txt"
    note.write_bytes("Certificat médical de Léa\n".encode())
    login_through_form(page, live_server.url, demo.parent.login, demo_password)
    page.goto(f"{live_server.url}/messagerie/ecrire/?a={demo.enseignant.pk}")
    page.get_by_label("Objet").fill("Certificat")
    page.get_by_label("Joindre un fichier").set_input_files(str(note))
    page.get_by_test_id("attachment").get_by_text("certificat.txt").wait_for()
    axe(page)
    fits_phone(page)
    page.get_by_role("button", name="Envoyer").click()
    assert "Message envoyé." in page.locator(".messages").inner_text()

    page.context.clear_cookies()
    login_through_form(page, live_server.url, demo.enseignant.login, demo_password)
    page.goto(f"{live_server.url}/messagerie/")
    page.get_by_role("link", name="Certificat").first.click()
    link = page.get_by_test_id("message-attachments").get_by_role("link", name="certificat.txt")
    axe(page)
    fits_phone(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.path().read_bytes() == note.read_bytes()
