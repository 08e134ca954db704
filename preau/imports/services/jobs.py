"""Web imports (ADR 0012): upload → preview (a dry run of `import_onde`) → confirm → a task runs
the real import → report. Files stay in `ImportFile` rows until the run ends."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from preau.core.audit import audit
from preau.core.errors import Conflict, InvalidInput, PermissionDenied, PreauError
from preau.directory.models import School
from preau.directory.schoolyear import current_school_year
from preau.imports import policies
from preau.imports.models import ImportFile, ImportJob
from preau.imports.report import ImportRejected, TooManyDepartures
from preau.imports.services.onde_import import import_onde

Status = ImportJob.Status
KINDS = ("eleves", "responsables", "enseignants")


def _authorise(actor: Any, school: School) -> None:
    if not policies.get_abilities(actor, school)["import"]:
        raise PermissionDenied("Vous ne pouvez pas importer les fichiers de cette école.")


def upload_hours() -> int:
    return int(getattr(settings, "PREAU_IMPORT_UPLOAD_HOURS", 24))


def max_upload_bytes() -> int:
    return int(getattr(settings, "PREAU_IMPORT_MAX_UPLOAD_KB", 5120)) * 1024


def school_years() -> list[int]:
    """The years a web import may fill: the current one, and the next (rentrée in August)."""
    year = current_school_year()
    return [year, year + 1]


def upload(
    actor: Any, school: School, files: dict[str, tuple[str, bytes]], school_year: int
) -> ImportJob:
    """Check the files, compute the preview by a dry run, and keep them until confirmed.

    Refused files raise `ImportRejected` (with file, line and column) and store nothing."""
    _authorise(actor, school)
    if school_year not in school_years():
        raise InvalidInput("Choisissez l'année scolaire en cours ou la suivante.")
    too_big = [name for name, data in files.values() if len(data) > max_upload_bytes()]
    if too_big:
        raise InvalidInput(f"Fichier trop volumineux : {', '.join(too_big)}.", code="too_large")
    purge_expired()
    report = import_onde(actor, school, files, school_year=school_year, dry_run=True)
    with transaction.atomic():
        job = ImportJob.objects.create(
            school=school,
            created_by=actor,
            created_at=timezone.now(),
            school_year=school_year,
            preview=report.as_dict(details=True),
            stage="Aperçu prêt",
        )
        ImportFile.objects.bulk_create(
            ImportFile(job=job, kind=kind, name=name[:255], content=data)
            for kind, (name, data) in files.items()
        )
        audit(actor, "imports.web.previewed", school, job=job.pk, year=school_year)
    return job


def confirm(actor: Any, job: ImportJob, force: bool = False) -> ImportJob:
    """Queue the real import of a previewed job (the task runs it after commit)."""
    _authorise(actor, job.school)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("school").get(pk=job.pk)
        if job.status != Status.PREVIEW:
            raise Conflict("Cet import a déjà été confirmé ou annulé.", code="import_not_pending")
        departures = job.preview.get("departures")
        if departures and not force:
            raise TooManyDepartures(
                departures["absent"], departures["current"], departures["threshold"]
            )
        _check_nothing_changed_since(job)
        job.status, job.force, job.stage = Status.QUEUED, force, "En attente de traitement"
        job.save(update_fields=["status", "force", "stage"])
        audit(actor, "imports.web.confirmed", job.school, job=job.pk, force=force)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _check_nothing_changed_since(job: ImportJob) -> None:
    others = ImportJob.objects.filter(school=job.school).exclude(pk=job.pk)
    if others.filter(status__in=[Status.QUEUED, Status.RUNNING]).exists():
        raise Conflict(
            "Un autre import de cette école est en cours : attendez qu'il se termine.",
            code="import_running",
        )
    if others.filter(status=Status.DONE, finished_at__gt=job.created_at).exists():
        raise Conflict(
            "Un autre import a modifié l'école depuis cet aperçu : déposez à nouveau les "
            "fichiers pour voir un aperçu à jour.",
            code="preview_outdated",
        )


def _enqueue(job_id: int) -> None:
    from preau.imports.tasks import run_import_job

    run_import_job.enqueue(job_id)


def cancel(actor: Any, job: ImportJob) -> None:
    _authorise(actor, job.school)
    with transaction.atomic():
        updated = ImportJob.objects.filter(pk=job.pk, status=Status.PREVIEW).update(
            status=Status.CANCELLED, stage="Annulé", finished_at=timezone.now()
        )
        if not updated:
            raise Conflict("Cet import a déjà été confirmé ou annulé.", code="import_not_pending")
        ImportFile.objects.filter(job_id=job.pk).delete()
        audit(actor, "imports.web.cancelled", job.school, job=job.pk)


def run_job(job_id: int) -> str:
    """The task's body: run a queued job once (a second delivery finds it no longer queued)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), progress=10, stage="Lecture des fichiers"
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("school", "created_by").get(pk=job_id)
    if job.created_by is None:  # never run as "the system" (actor None) on a web upload
        _finish(job, Status.FAILED, "Le compte qui a confirmé l'import n'existe plus.", {})
        return str(job.status)
    files = {f.kind: (f.name, bytes(f.content)) for f in job.files.all()}
    _stage(job, 30, "Écriture dans l'annuaire (une seule transaction)")
    try:
        report = _import_retrying(job, files)
    except ImportRejected as exc:
        _finish(job, Status.FAILED, exc.message, {"errors": [e.as_dict() for e in exc.errors]})
    except PreauError as exc:
        _finish(job, Status.FAILED, exc.message, {"errors": []})
    except Exception:
        _finish(job, Status.FAILED, UNEXPECTED, {"errors": []})
        raise  # the task is marked failed too, with the traceback in the worker's log
    else:
        _finish(job, Status.DONE, "", report.as_dict(details=True))
    return str(job.status)


UNEXPECTED = (
    "L'import a échoué sur une erreur inattendue ; rien n'a été importé. Réessayez, et "
    "contactez l'assistance si l'erreur se répète."
)
RETRIES = 3


def _import_retrying(job: ImportJob, files: dict[str, tuple[str, bytes]]) -> Any:
    """The import, run again from the start (nothing of the failed run is kept) when PostgreSQL
    chose it as the victim of a deadlock with another school's concurrent import; the last of
    the `RETRIES` attempts lets any error through."""
    for _ in range(RETRIES - 1):
        try:
            return _import(job, files)
        except OperationalError as exc:
            if not _is_deadlock(exc):
                raise
    return _import(job, files)


def _import(job: ImportJob, files: dict[str, tuple[str, bytes]]) -> Any:
    return import_onde(
        job.created_by, job.school, files, school_year=job.school_year, force=job.force
    )


def _is_deadlock(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in ("40P01", "40001")


def _stage(job: ImportJob, progress: int, stage: str) -> None:
    job.progress, job.stage = progress, stage
    job.save(update_fields=["progress", "stage"])


def _finish(job: ImportJob, status: str, error: str, report: dict[str, Any]) -> None:
    with transaction.atomic():
        job.status, job.error, job.report = status, error, report
        job.progress, job.finished_at = 100, timezone.now()
        job.stage = "Terminé" if status == Status.DONE else "Refusé : rien n'a été importé"
        job.save(update_fields=["status", "error", "report", "progress", "finished_at", "stage"])
        ImportFile.objects.filter(job_id=job.pk).delete()
        audit(job.created_by, f"imports.web.{status}", job.school, job=job.pk)


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Drop the files of uploads never confirmed within `PREAU_IMPORT_UPLOAD_HOURS`."""
    limit = (now or timezone.now()) - datetime.timedelta(hours=upload_hours())
    stale = ImportJob.objects.filter(status=Status.PREVIEW, created_at__lt=limit)
    with transaction.atomic():
        ImportFile.objects.filter(job__in=stale).delete()
        return stale.update(status=Status.CANCELLED, stage="Expiré", finished_at=timezone.now())
