from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from preau.directory.models import Function, Profile
from preau.directory.selectors import get_person_context


@login_required
@require_GET
def account_view(request: HttpRequest) -> HttpResponse:
    """'Mon compte': who I am for Préau, and where to change my password."""
    ctx = get_person_context(request.user)
    context = {
        "person": request.user,
        "ctx": ctx,
        "profiles": [Profile(code).label for code in ctx.profiles],
        "functions": [Function(code).label for code in ctx.functions],
    }
    return render(request, "accounts/account.html", context)
