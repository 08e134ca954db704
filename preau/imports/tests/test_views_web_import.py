"""The web import: upload → preview (dry run) → confirm → task → report."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from preau.accounts.models import User
from preau.directory.models import Function
from preau.directory.schoolyear import current_school_year
from preau.imports.models import ImportFile, ImportJob
from preau.imports.tests.conftest import sample_files, small_files

pytestmark = pytest.mark.django_db


def _post_files(client: Any, school: Any, files: dict[str, tuple[str, bytes]]) -> Any:
    data: dict[str, Any] = {"school_year": current_school_year()}
    data.update(
        {kind: SimpleUploadedFile(name, content) for kind, (name, content) in files.items()}
    )
    return client.post(reverse("imports:upload", args=[school.pk]), data)


def test_upload_shows_a_preview_and_writes_nothing(client, director, onde_school):
    client.force_login(director)
    users = User.objects.count()

    response = _post_files(client, onde_school, sample_files("onde", "0440001M"))

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/imports/{job.pk}/")
    assert User.objects.count() == users
    assert ImportFile.objects.filter(job=job).count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "Aperçu de l'import" in page
    assert "246 élèves, 467 responsables, 13 enseignants" in page
    assert "Arrivées (726)" in page and "Nouveaux liens parent–enfant (487)" in page


def test_confirm_runs_the_import_task_and_shows_the_report(
    client, director, onde_school, django_capture_on_commit_callbacks
):
    client.force_login(director)
    _post_files(client, onde_school, small_files())
    job = ImportJob.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:confirm", args=[job.pk]))

    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.status, job.progress) == (ImportJob.Status.DONE, 100)
    assert job.report["created"] == {"eleve": 2, "responsable": 2, "enseignant": 1}
    assert not ImportFile.objects.exists()  # the uploaded files are gone
    assert User.objects.filter(login="lea.martin").exists()
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Import terminé" in page and "lettres de connexion des familles" in page


def test_refused_files_show_french_errors_and_store_nothing(client, director, onde_school):
    client.force_login(director)
    files = small_files()
    files["eleves"] = ("eleves.csv", b"\x00\x01garbage\xff" * 20)

    response = _post_files(client, onde_school, files)

    assert response.status_code == 422
    page = response.content.decode()
    assert "rien n&#x27;a été importé" in page and 'data-testid="import-errors"' in page
    assert not ImportJob.objects.exists() and not ImportFile.objects.exists()
    assert User.objects.count() == 1  # the director


def test_mass_departures_need_the_checkbox(
    client, director, onde_school, settings, django_capture_on_commit_callbacks
):
    from preau.imports.services import import_onde

    import_onde(None, onde_school, sample_files("onde", "0440001M"))
    settings.PREAU_IMPORT_MAX_ABSENT_PERCENT = 10
    client.force_login(director)
    _post_files(client, onde_school, sample_files("onde-next-year", "0440001M"))
    job = ImportJob.objects.get()
    assert (
        'data-testid="departures-warning"'
        in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    )

    refused = client.post(reverse("imports:confirm", args=[job.pk]))

    assert refused.status_code == 409
    assert "au-delà du seuil de 10 %" in refused.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[job.pk]), {"force": "on"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.report["left"] == 115


def test_cancel_deletes_the_files(client, director, onde_school):
    client.force_login(director)
    _post_files(client, onde_school, small_files())
    job = ImportJob.objects.get()

    client.post(reverse("imports:cancel", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and not ImportFile.objects.exists()


@pytest.mark.parametrize("who", ["enseignant", "parent", "inspecteur"])
def test_others_do_not_see_the_import_pages(client, demo, who):
    school = demo.directeur.function_assignments.get(function=Function.DIRECTEUR).school
    client.force_login(getattr(demo, who))

    assert client.get(reverse("imports:upload", args=[school.pk])).status_code == 404


def test_page_query_counts(client, director, onde_school, django_assert_num_queries):
    client.force_login(director)
    _post_files(client, onde_school, small_files())
    job = ImportJob.objects.get()
    # Every page: session and user (2), the importer's scope (4).
    # Upload page: + school, recent jobs, messaging banner (cached once read).
    cache.clear()
    with django_assert_num_queries(9):
        client.get(reverse("imports:upload", args=[onde_school.pk]))
    # Job page: + job with its school, banner. Whatever the size of the preview.
    cache.clear()
    with django_assert_num_queries(8):
        client.get(reverse("imports:job", args=[job.pk]))
    # The polled fragment: + job with its school.
    cache.clear()
    with django_assert_num_queries(7):
        client.get(reverse("imports:progress", args=[job.pk]))
