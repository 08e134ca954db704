"""The school's droit à l'image page: every pupil's consent, corrected by the managers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from preau.consent import policies, selectors, services
from preau.core.errors import PreauError
from preau.directory.models import School


@login_required
def school_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School, pk=pk)
    abilities = policies.school_abilities(request.user, school)
    if not abilities["view"]:
        raise Http404
    if request.method == "POST":
        allowed = request.POST.get("allowed") == "oui"
        try:
            services.set_photo_consent(
                request.user, school, int(request.POST.get("pupil", "0") or 0), allowed
            )
        except (PreauError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "Élève inconnu."))
        else:
            messages.success(request, "Autorisation de photo enregistrée.")
        return redirect("consent:school", pk)
    context = {"school": school, "rows": selectors.school_consents(school), "abilities": abilities}
    return render(request, "consent/school.html", context)
