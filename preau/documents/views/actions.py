"""POST actions: each calls one service, then shows the outcome in French and redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from preau.core.errors import PreauError
from preau.directory.models import Group
from preau.documents.models import Document, Folder
from preau.documents.services import documents as document_services
from preau.documents.services import folders as folder_services
from preau.documents.services import shares as share_services
from preau.documents.services import trash as trash_services
from preau.documents.views._lookup import document_or_404, folder_or_404
from preau.sharing.models import Share


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/documents/") else fallback


def _run(request: HttpRequest, action: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run a service call; its typed error becomes the French message shown on the page."""
    try:
        action()
    except PreauError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(back) if back else HttpResponse(status=204)


def _here(folder: Folder | None) -> str:
    return reverse("documents:folder", args=[folder.pk]) if folder else reverse("documents:home")


def _doc_url(document: Document) -> str:
    return reverse("documents:detail", args=[document.pk])


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    folder = folder_or_404(request, request.POST.get("folder"))
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, "Choisissez un fichier à envoyer.")
        return redirect(_here(folder))
    for item in files:
        _run(request, _uploader(request, item, folder), f"« {item.name} » a été enregistré.", "")
    return redirect(_here(folder))


def _uploader(request: HttpRequest, item: Any, folder: Folder | None) -> Callable[[], Any]:
    return lambda: document_services.upload(request.user, item, folder=folder)


@login_required
@require_POST
def new_folder(request: HttpRequest) -> HttpResponse:
    parent = folder_or_404(request, request.POST.get("parent"))
    name = request.POST.get("name", "")
    return _run(
        request,
        lambda: folder_services.create_folder(request.user, name, parent),
        f"Dossier « {name} » créé.",
        _here(parent),
    )


@login_required
@require_POST
def rename_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    name = request.POST.get("name", "")
    return _run(
        request,
        lambda: document_services.rename(request.user, document, name),
        "Document renommé.",
        _doc_url(document),
    )


@login_required
@require_POST
def move_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    target = folder_or_404(request, request.POST.get("folder"))
    return _run(
        request,
        lambda: document_services.move(request.user, document, target),
        f"« {document.name} » a été déplacé.",
        _back(request, _doc_url(document)),
    )


@login_required
@require_POST
def copy_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    target = folder_or_404(request, request.POST.get("folder"))
    return _run(
        request,
        lambda: document_services.copy(request.user, document, target),
        f"Copie de « {document.name} » enregistrée.",
        _back(request, _here(target)),
    )


@login_required
@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, "Choisissez le fichier de la nouvelle version.")
        return redirect(_doc_url(document))
    return _run(
        request,
        lambda: document_services.add_version(request.user, document, file),
        "Nouvelle version enregistrée.",
        _doc_url(document),
    )


@login_required
@require_POST
def trash_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    back = _here(document.folder)
    return _run(
        request,
        lambda: trash_services.trash(request.user, document),
        f"« {document.name} » est dans la corbeille pendant 30 jours.",
        back,
    )


@login_required
@require_POST
def restore_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    return _run(
        request,
        lambda: trash_services.restore(request.user, document),
        f"« {document.name} » est restauré.",
        reverse("documents:trash"),
    )


@login_required
@require_POST
def purge_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    return _run(
        request,
        lambda: trash_services.purge(request.user, document),
        f"« {document.name} » est supprimé définitivement.",
        reverse("documents:trash"),
    )


FOLDER_ACTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "renommer": (folder_services.rename_folder, "Dossier renommé."),
    "corbeille": (trash_services.trash_folder, "Dossier mis à la corbeille pour 30 jours."),
    "restaurer": (trash_services.restore_folder, "Dossier restauré."),
}


@login_required
@require_POST
def folder_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    folder = folder_or_404(request, pk)
    if folder is None or action not in FOLDER_ACTIONS:
        raise Http404
    service, done = FOLDER_ACTIONS[action]
    args = (request.POST.get("name", ""),) if action == "renommer" else ()
    back = reverse("documents:trash") if action == "restaurer" else _here(folder.parent)
    if action == "renommer":
        back = _here(folder)
    return _run(request, lambda: service(request.user, folder, *args), done, back)


def _target(value: str) -> tuple[Any, Group | None]:
    kind, _, number = value.partition(":")
    if not number.isdigit():
        return None, None
    if kind == "person":
        return get_user_model().objects.filter(pk=int(number), is_active=True).first(), None
    if kind == "group":
        return None, Group.objects.filter(pk=int(number)).first()
    return None, None


def _share(
    request: HttpRequest, put: Callable[..., Any], resource: Any, back: str, done: str
) -> HttpResponse:
    """Share `resource` with the person or group picked in the dialog, at the chosen level."""
    user, group = _target(request.POST.get("target", ""))
    if user is None and group is None:
        messages.error(request, "Choisissez une personne ou un groupe dans la liste.")
        return redirect(back)
    level = request.POST.get("level", "read")
    return _run(
        request,
        lambda: put(request.user, resource, user=user, group=group, level=level),
        f"{done} avec {user.display_name if user else group}.",
        back,
    )


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    return _share(
        request, share_services.share_document, document, _doc_url(document), "Document partagé"
    )


@login_required
@require_POST
def unshare(request: HttpRequest, pk: int, share_id: int) -> HttpResponse:
    document = document_or_404(request, pk)
    item = Share.objects.filter(pk=share_id, object_id=document.pk).first()
    if item is None:
        raise Http404
    return _run(
        request,
        lambda: share_services.unshare_document(
            request.user, document, user=item.user, group=item.group
        ),
        "Partage retiré.",
        _doc_url(document),
    )


@login_required
@require_POST
def share_folder(request: HttpRequest, pk: int) -> HttpResponse:
    folder = folder_or_404(request, pk)
    assert folder is not None
    return _share(request, share_services.share_folder, folder, _here(folder), "Dossier partagé")
