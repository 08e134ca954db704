"""Actualités pages: the list for the person, and the writing form for directors and
collectivité administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from preau.core.errors import PreauError
from preau.news import policies, selectors, services
from preau.news.forms import NewsForm


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    items = list(selectors.news_for(request.user)[:50])
    can_write = policies.write_scope(request.user).any
    return render(request, "news/list.html", {"items": items, "can_write": can_write})


@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    ws = policies.write_scope(request.user)
    if not ws.any:
        raise Http404
    schools = list(policies.writable_schools(ws))
    initial: dict[str, object] = {"for_families": True, "for_staff": True}
    if len(schools) == 1:
        initial["schools"] = [schools[0].pk]
    form = NewsForm(request.POST or None, schools=schools, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.publish_news(
                request.user,
                title=data["title"],
                body=data["body"],
                school_ids=data["schools"],
                for_families=data["for_families"],
                for_staff=data["for_staff"],
                publish_at=data["publish_at"],
                expires_at=data["expires_at"],
            )
        except PreauError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "L'actualité est enregistrée.")
            return redirect("news:list")
    return render(request, "news/new.html", {"form": form})
