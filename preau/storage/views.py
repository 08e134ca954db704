"""Storage management pages: a school's people and their usage; one person's quota.

For those who manage the school (director, local admin, académie admin in scope, operator):
the policy says who, `services.set_quota` changes the limit (audited).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from preau.core.errors import PreauError
from preau.directory.models import School
from preau.directory.policies import visible_schools
from preau.storage import policies, services
from preau.storage.forms import GIB, QuotaForm
from preau.storage.models import Quota
from preau.storage.selectors import school_usages, usage_of


def _managed_school(request: HttpRequest, pk: int) -> School:
    school = get_object_or_404(School, pk=pk)
    if not policies.manages_school(request.user, school):
        raise Http404
    return school


@login_required
def schools(request: HttpRequest) -> HttpResponse:
    """The schools whose storage the person manages, searchable by name or UAI."""
    query = request.GET.get("q", "").strip()[:100]
    found = visible_schools(request.user).order_by("name", "pk")
    if query:
        found = found.filter(name__icontains=query) | found.filter(uai__iexact=query)
    managed = [s for s in found[:50] if policies.manages_school(request.user, s)]
    context = {"schools": managed, "query": query}
    return render(request, "storage/schools.html", context)


@login_required
def school(request: HttpRequest, pk: int) -> HttpResponse:
    found = _managed_school(request, pk)
    query = request.GET.get("q", "").strip()[:100]
    context = {"school": found, "people": school_usages(found, query), "query": query}
    return render(request, "storage/school.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, school_pk: int, pk: int) -> HttpResponse:
    found = _managed_school(request, school_pk)
    target: Any = get_object_or_404(get_user_model(), pk=pk, profile_assignments__school=found)
    quota = Quota.objects.filter(user_id=target.pk).first() or Quota(user_id=target.pk)
    if not policies.get_abilities(request.user, quota)["change"]:
        raise Http404
    own = quota.limit_bytes
    form = QuotaForm(
        request.POST or None, initial={"limit_gib": None if own is None else round(own / GIB, 2)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_quota(request.user, target, form.limit_bytes())
        except PreauError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Quota de {target.display_name} enregistré.")
            return redirect("storage:school", pk=found.pk)
    context = {"school": found, "person": target, "usage": usage_of(target), "form": form}
    return render(request, "storage/person.html", context)
