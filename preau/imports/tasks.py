"""Background work of the imports app (django-tasks; `manage.py db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from preau.imports.services.jobs import run_job


@task()
def run_import_job(job_id: int) -> str:
    """Run a confirmed web import (ADR 0012). Takes an id; a second delivery does nothing."""
    return run_job(job_id)
