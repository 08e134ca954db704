"""Issue 5's scenario in a real browser: a teacher on a phone uploads a photo and shares it with
the class's parents; a parent sees the thumbnail and downloads it. axe on every page, 360 px."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from preau.core.testing.browser import login_through_form
from preau.directory.factories import TEST_PASSWORD
from preau.storage.testing import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_a_phone(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= 360


def test_teacher_shares_a_photo_with_parents_who_see_and_download_it(
    phone_page, page, live_server, t, axe, tmp_path
):
    teacher_page = phone_page
    login_through_form(teacher_page, live_server.url, t.teacher.login, TEST_PASSWORD)
    teacher_page.goto(f"{live_server.url}{reverse('documents:home')}")
    axe(teacher_page)
    assert fits_a_phone(teacher_page)

    teacher_page.get_by_label("Fichier (photo, PDF, document, son, vidéo)").set_input_files(
        {"name": "sortie-au-musee.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}
    )
    teacher_page.get_by_role("button", name="Envoyer", exact=True).click()
    assert (
        "« sortie-au-musee.jpg » a été enregistré."
        in teacher_page.locator(".messages").inner_text()
    )
    teacher_page.get_by_role("link", name="sortie-au-musee.jpg").click()
    assert teacher_page.get_by_role("heading", level=1).inner_text() == "sortie-au-musee.jpg"
    axe(teacher_page)
    assert fits_a_phone(teacher_page)

    teacher_page.get_by_label("Chercher une personne ou un groupe").fill("parents")
    parents = teacher_page.get_by_label("Parents de CE1 A (groupe)")
    parents.wait_for()
    parents.check()
    teacher_page.get_by_role("button", name="Partager", exact=True).click()
    assert (
        "Document partagé avec Parents de CE1 A." in teacher_page.locator(".messages").inner_text()
    )
    axe(teacher_page)

    login_through_form(page, live_server.url, t.parent.login, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('documents:shared')}")
    axe(page)
    thumbnail = page.locator("img.doc-item__thumb")
    thumbnail.wait_for()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    page.get_by_role("link", name="sortie-au-musee.jpg").click()
    assert page.get_by_role("heading", level=1).inner_text() == "sortie-au-musee.jpg"
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger sortie-au-musee.jpg").click()
    download = download_info.value
    assert download.suggested_filename == "sortie-au-musee.jpg"
    saved = Path(tmp_path / "downloaded.jpg")
    download.save_as(saved)
    photo = Image.open(io.BytesIO(saved.read_bytes()))
    assert photo.size == (1200, 800)
    assert 0x8825 not in photo.getexif()  # no GPS left

    page.goto(f"{live_server.url}{reverse('documents:home')}")
    axe(page)
    page.context.clear_cookies()
    login_through_form(page, live_server.url, t.maternelle_parent.login, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('documents:shared')}")
    assert "Personne n'a encore partagé de document avec vous." in page.locator("main").inner_text()


def test_trash_search_class_space_and_the_storage_gauge_on_a_phone(phone_page, live_server, t, axe):
    from preau.documents.factories import make_document, make_folder
    from preau.documents.services.trash import trash

    trash(t.parent, make_document(t.parent, "vieux brouillon.txt"))
    papers = make_folder(t.parent, "Mes papiers")
    make_document(t.parent, "Kermesse.txt")
    login_through_form(phone_page, live_server.url, t.parent.login, TEST_PASSWORD)
    for url in (
        reverse("documents:trash"),
        reverse("accounts:account"),
        reverse("documents:folder", args=[papers.pk]),
    ):
        phone_page.goto(f"{live_server.url}{url}")
        axe(phone_page)
        assert fits_a_phone(phone_page)
    assert "Partager ce dossier" in phone_page.locator("main").inner_text()
    phone_page.goto(f"{live_server.url}{reverse('documents:class_space', args=[t.ce1.pk])}")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Classe CE1 A"
    axe(phone_page)
    phone_page.get_by_label("Rechercher un document par son nom").fill("kerm")
    phone_page.locator("#doc-results").get_by_role("link", name="Kermesse.txt").wait_for()
    axe(phone_page)
    assert fits_a_phone(phone_page)
