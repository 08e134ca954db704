"""The web import (ADR 0012): upload, preview, confirm, progress, report."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from preau.core.errors import PreauError
from preau.directory.models import School
from preau.imports import policies, selectors
from preau.imports.forms import ConfirmForm, UploadForm
from preau.imports.models import ImportJob
from preau.imports.report import ImportRejected
from preau.imports.services import jobs


def _school_for(user: Any, pk: int) -> School:
    school = get_object_or_404(School, pk=pk)
    if not policies.get_abilities(user, school)["import"]:
        raise Http404
    return school


def _job_for(user: Any, pk: int) -> ImportJob:
    job = selectors.job_page(pk)
    if job is None or not policies.job_abilities(user, job)["view"]:
        raise Http404
    return job


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school_for(request.user, pk)
    form = UploadForm(request.POST or None, request.FILES or None, years=jobs.school_years())
    errors, message, status = [], "", 200
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.upload(
                request.user, school, form.files_read(), form.cleaned_data["school_year"]
            )
        except ImportRejected as exc:
            errors, message, status = exc.errors, exc.message, 422
        except PreauError as exc:
            message, status = exc.message, exc.status
        else:
            return redirect("imports:job", pk=job.pk)
    elif request.method == "POST":
        status = 422
    context = {
        "school": school,
        "form": form,
        "errors": errors,
        "message": message,
        "jobs": selectors.recent_jobs(school),
    }
    return render(request, "imports/upload.html", context, status=status)


@never_cache
@login_required
@require_GET
def job_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    return render(request, "imports/job.html", _job_context(job, ConfirmForm()))


def _job_context(job: ImportJob, form: ConfirmForm, message: str = "") -> dict[str, Any]:
    data = job.report if job.status == ImportJob.Status.DONE else job.preview
    return {
        "job": job,
        "school": job.school,
        "data": data,
        "lists": selectors.preview_lists(data),
        "form": form,
        "message": message,
    }


@never_cache
@login_required
@require_POST
def confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        jobs.confirm(request.user, job, force=form.cleaned_data.get("force", False))
    except PreauError as exc:
        job.refresh_from_db()
        context = _job_context(job, form, exc.message)
        return render(request, "imports/job.html", context, status=exc.status)
    return redirect("imports:job", pk=job.pk)


@login_required
@require_POST
def cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    try:
        jobs.cancel(request.user, job)
    except PreauError:
        return redirect("imports:job", pk=job.pk)
    return redirect("imports:upload", pk=job.school_id)


@never_cache
@login_required
@require_GET
def progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls; once the run is over, the whole page reloads."""
    job = _job_for(request.user, pk)
    response = render(request, "imports/_progress.html", {"job": job})
    if job.is_over:
        response["HX-Redirect"] = reverse("imports:job", args=[job.pk])
    return response
