"""Pages: my space, a folder, shared with me, class and team spaces, trash, search, a document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from preau.directory.models import School, SchoolClass
from preau.documents import selectors
from preau.documents.models import Folder
from preau.documents.policies import document as document_policy
from preau.documents.policies import folder as folder_policy
from preau.documents.services import spaces
from preau.documents.views._lookup import document_or_404, folder_or_404
from preau.sharing.models import Level
from preau.sharing.selectors import share_candidates, shares_of
from preau.storage.policies import may_manage_some_school
from preau.storage.selectors import usage_of


def _listing_page(request: HttpRequest, folder: Folder | None, title: str) -> HttpResponse:
    abilities = (
        folder_policy.get_abilities(request.user, folder) if folder else {"contribute": True}
    )
    shareable = bool(folder and folder.owner_id and abilities["manage"])
    context = {
        "shareable": shareable,
        "candidates": share_candidates(request.user) if shareable else [],
        "shares": shares_of(folder) if shareable and folder else [],
        "levels": Level.choices,
        "title": title,
        "folder": folder,
        "trail": selectors.breadcrumbs(request.user, folder),
        "listing": selectors.listing(request.user, folder),
        "abilities": abilities,
        "spaces": selectors.spaces_of(request.user) if folder is None else [],
        "usage": usage_of(request.user) if folder is None else None,
        "storage_manager": folder is None and may_manage_some_school(request.user),
    }
    return render(request, "documents/listing.html", context)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return _listing_page(request, None, "Mes documents")


@login_required
@require_GET
def folder(request: HttpRequest, pk: int) -> HttpResponse:
    found = folder_or_404(request, pk)
    assert found is not None
    if found.trashed_at is not None:
        raise Http404
    return _listing_page(request, found, found.name)


def _open_space(request: HttpRequest, space: Folder) -> HttpResponse:
    if not folder_policy.get_abilities(request.user, space)["read"]:
        raise Http404
    return redirect("documents:folder", pk=space.pk)


@login_required
@require_GET
def class_space(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_object_or_404(SchoolClass.objects.select_related("school"), pk=pk)
    return _open_space(request, spaces.class_space(school_class))


@login_required
@require_GET
def team_space(request: HttpRequest, pk: int) -> HttpResponse:
    return _open_space(request, spaces.team_space(get_object_or_404(School, pk=pk)))


@login_required
@require_GET
def shared(request: HttpRequest) -> HttpResponse:
    context = {"listing": selectors.shared_with_me(request.user)}
    return render(request, "documents/shared.html", context)


@login_required
@require_GET
def trash(request: HttpRequest) -> HttpResponse:
    context = {"listing": selectors.trash_of(request.user)}
    return render(request, "documents/trash.html", context)


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    context = {"query": query, "results": selectors.search(request.user, query)}
    partial = request.headers.get("HX-Request") == "true"
    template = "documents/_results.html" if partial else "documents/search.html"
    return render(request, template, context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    abilities = document_policy.get_abilities(request.user, document)
    context = {
        "document": document,
        "abilities": abilities,
        "versions": selectors.versions_of(document),
        "shares": shares_of(document) if abilities["manage"] else [],
        "candidates": share_candidates(request.user) if abilities["manage"] else [],
        "levels": Level.choices,
        "destinations": selectors.destinations(request.user),
    }
    return render(request, "documents/detail.html", context)


@login_required
@require_GET
def move_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """The move-or-copy form of a document, loaded by htmx when its row's disclosure opens."""
    document = document_or_404(request, pk)
    context = {
        "document": document,
        "destinations": selectors.destinations(request.user),
        "can_move": document_policy.get_abilities(request.user, document)["manage"],
        "next": request.GET.get("next", ""),
    }
    return render(request, "documents/_move_copy.html", context)


@login_required
@require_GET
def recipients(request: HttpRequest) -> HttpResponse:
    """The share dialogs' picker, filtered as the person types (htmx): exactly whom the
    communication rules let them reach, as `/api/v1/communication/visible` does."""
    query = request.GET.get("q", "")[:100]
    context = {"candidates": share_candidates(request.user, query)}
    return render(request, "documents/_candidates.html", context)
