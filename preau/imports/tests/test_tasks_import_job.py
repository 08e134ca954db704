"""The import task: takes an id, runs a confirmed job once, records refusals, drops the files."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError

from preau.accounts.models import User
from preau.directory.schoolyear import current_school_year
from preau.imports import selectors
from preau.imports.models import ImportFile, ImportJob
from preau.imports.services import jobs
from preau.imports.tasks import run_import_job
from preau.imports.tests.conftest import small_files

pytestmark = pytest.mark.django_db


def _queued(director: Any, school: Any) -> ImportJob:
    job = jobs.upload(director, school, small_files(), current_school_year())
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    return job


def test_a_second_delivery_does_nothing(director, onde_school):
    job = _queued(director, onde_school)

    assert run_import_job.call(job.pk) == "done"
    users = User.objects.count()
    assert run_import_job.call(job.pk) == "skipped"
    assert User.objects.count() == users


def test_a_refusal_at_run_time_is_recorded_in_french_and_writes_nothing(director, onde_school):
    job = _queued(director, onde_school)
    ImportFile.objects.filter(job=job, kind="eleves").update(content=b"Nom;Pr\xe9nom\r\n")

    assert run_import_job.call(job.pk) == "failed"

    job.refresh_from_db()
    assert "rien n'a été importé" in job.error
    assert job.report["errors"][0]["file"] == "eleves.csv"
    assert not ImportFile.objects.exists()
    assert User.objects.count() == 1


def test_the_director_losing_the_right_stops_the_run(director, onde_school):
    job = _queued(director, onde_school)
    director.function_assignments.all().delete()

    assert run_import_job.call(job.pk) == "failed"
    assert User.objects.count() == 1


def test_a_job_whose_author_was_deleted_is_not_run_as_the_system(director, onde_school):
    job = _queued(director, onde_school)
    director.delete()

    assert run_import_job.call(job.pk) == "failed"
    assert User.objects.count() == 0 and not ImportFile.objects.exists()


def test_unconfirmed_uploads_expire_with_their_files(director, onde_school, settings):
    job = jobs.upload(director, onde_school, small_files(), current_school_year())
    settings.PREAU_IMPORT_UPLOAD_HOURS = 0

    assert jobs.purge_expired() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and not ImportFile.objects.exists()


def test_selectors_query_counts(director, onde_school, django_assert_num_queries):
    job = jobs.upload(director, onde_school, small_files(), current_school_year())
    jobs.upload(director, onde_school, small_files(), current_school_year())
    with django_assert_num_queries(1):
        recent = selectors.recent_jobs(onde_school)
        assert [j.created_by for j in recent] == [director] * 2
    with django_assert_num_queries(1):
        assert selectors.job_page(job.pk).school.uai == onde_school.uai  # type: ignore[union-attr]
    with django_assert_num_queries(0):
        lists = selectors.preview_lists(job.preview, limit=2)
    assert lists["arrivals"]["count"] == 5 and lists["arrivals"]["more"] == 3
    assert lists["arrivals"]["rows"][0]["label"] in ("élève", "responsable", "enseignant")


class Deadlock(Exception):
    sqlstate = "40P01"  # what psycopg sets on the error Django wraps


def deadlocked(times: int, import_onde: Any) -> Any:
    """`import_onde`, failing the first `times` calls as a deadlock victim would."""
    calls = {"n": 0}

    def run(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] <= times:
            raise OperationalError("deadlock detected") from Deadlock()
        return import_onde(*args, **kwargs)

    return run


def test_a_deadlock_with_another_schools_import_is_retried(director, onde_school, monkeypatch):
    job = _queued(director, onde_school)
    monkeypatch.setattr(jobs, "import_onde", deadlocked(2, jobs.import_onde))

    assert run_import_job.call(job.pk) == "done"
    assert User.objects.count() > 1


def test_an_unexpected_error_fails_the_job_in_french_instead_of_leaving_it_running(
    director, onde_school, monkeypatch
):
    job = _queued(director, onde_school)
    monkeypatch.setattr(jobs, "import_onde", deadlocked(jobs.RETRIES, jobs.import_onde))

    with pytest.raises(OperationalError):
        run_import_job.call(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "erreur inattendue" in job.error
    assert not ImportFile.objects.exists()
    assert User.objects.count() == 1
