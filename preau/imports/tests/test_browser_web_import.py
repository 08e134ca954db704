"""A director imports a school through the web page, prints the family letters, and a parent
activates their account with the code printed on their letter, then logs in. At 360 px, with
axe on every page of the import."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from preau.core.testing.browser import login_through_form
from preau.directory.factories import TEST_PASSWORD, FunctionAssignmentFactory, UserFactory
from preau.directory.models import Function
from preau.imports.tests.conftest import FIXTURES
from preau.lifecycle.charter_v1 import TEXT, TITLE
from preau.lifecycle.models import Charter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SAMPLES = FIXTURES / "onde" / "0440001M"
PASSWORD = "une phrase de passe solide"


def _fits_and_passes_axe(page: Any, axe: Any) -> None:
    axe(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360


def _upload(page: Any, eleves: Any) -> None:
    page.get_by_label("Élèves").set_input_files(eleves)
    page.get_by_label("Responsables", exact=True).set_input_files(
        SAMPLES / "CSVExtraction-responsables.csv"
    )
    page.get_by_label("Enseignants (facultatif)").set_input_files(
        SAMPLES / "CSVExtraction-enseignants.csv"
    )
    page.get_by_role("button", name="Voir l'aperçu").click()


def _first_letter(pdf: bytes) -> tuple[int, str, str]:
    """Pages, and the login and code printed on the first family's letter."""
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    login = re.search(r"Identifiant\s*\n?\s*([a-z0-9.\-]+)", text)
    code = re.search(r"\b([a-z0-9]{4}-[a-z0-9]{4})\b", text)
    assert login and code, text
    return len(reader.pages), login.group(1), code.group(1)


def test_director_imports_prints_letters_and_a_parent_activates(
    phone_page: Any, live_server: Any, axe: Any, onde_school: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    Charter.objects.get_or_create(
        version=1, defaults={"title": TITLE, "text": TEXT, "published_at": timezone.now()}
    )
    director = UserFactory.create(login="directrice.test")
    FunctionAssignmentFactory.create(user=director, function=Function.DIRECTEUR, school=onde_school)
    page = phone_page
    login_through_form(page, live_server.url, director.login, TEST_PASSWORD)
    page.goto(live_server.url + reverse("lifecycle:school", args=[onde_school.pk]))
    page.get_by_test_id("import-link").click()
    _fits_and_passes_axe(page, axe)

    # Refused input: French errors with file, line and column; nothing stored.
    _upload(page, {"name": "eleves.csv", "mimeType": "text/csv", "buffer": b"\x00\xff" * 50})
    assert page.get_by_test_id("import-errors").is_visible()
    _fits_and_passes_axe(page, axe)

    _upload(page, SAMPLES / "CSVExtraction-eleves.csv")
    page.get_by_role("heading", name="Aperçu de l'import").wait_for()
    figures = page.get_by_test_id("import-figures").inner_text()
    assert "246 élèves, 467 responsables, 13 enseignants" in figures
    page.get_by_text("Arrivées (726)").click()  # the list opens
    _fits_and_passes_axe(page, axe)

    page.get_by_role("button", name="Confirmer l'import").click()
    page.get_by_role("heading", name="Import en cours").wait_for()
    assert page.get_by_test_id("import-progress").is_visible()
    _fits_and_passes_axe(page, axe)
    with page.expect_response(lambda r: "/avancement/" in r.url) as polled:
        pass
    assert polled.value.status == 200  # htmx polls the progress while the job waits
    # The worker runs here, in the test's thread; the in-memory test database locks whole
    # tables, so polls are held back meanwhile (a real SQLite file or PostgreSQL does not).
    page.route("**/avancement/", lambda route: route.abort())
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    page.unroute("**/avancement/")

    page.get_by_role("heading", name="Import terminé").wait_for()  # htmx polling took us here
    _fits_and_passes_axe(page, axe)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_test_id("family-letters").click(timeout=60_000)
    with open(info.value.path(), "rb") as pdf:
        pages, login, code = _first_letter(pdf.read())
    assert pages == 467  # one page per family: each responsable with authority
    page.get_by_role("button", name="Se déconnecter").click()

    page.goto(f"{live_server.url}{reverse('lifecycle:activate')}")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Code d'activation").fill(code)
    page.get_by_label("Mot de passe choisi").fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_label("J'ai lu et j'accepte la charte d'utilisation").check()
    page.get_by_role("button", name="Activer mon compte").click()
    page.wait_for_url(live_server.url + reverse("portal:home"))
    page.get_by_role("button", name="Se déconnecter").click()
    login_through_form(page, live_server.url, login, PASSWORD)
    assert page.url == live_server.url + reverse("portal:home")
