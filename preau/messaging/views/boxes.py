"""The mailbox: folders, search, reading a conversation, moving and deleting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from preau.core.errors import PreauError
from preau.messaging import policies, selectors
from preau.messaging.services import mailbox as mailbox_services

SYSTEM = {"inbox", "sent", "drafts", "trash"}


@login_required
@require_GET
def mailbox(request: HttpRequest, folder: str = "inbox") -> HttpResponse:
    if folder not in SYSTEM and not folder.isdigit():
        raise Http404
    query = request.GET.get("q", "").strip()[:100]
    lines = selectors.folders(request.user)
    current = next((f for f in lines if f.code == folder), None)
    if current is None:
        raise Http404
    context = {
        "folders": lines,
        "current": current,
        "query": query,
        "copies": selectors.mailbox(request.user, folder, query=query),
    }
    return render(request, "messaging/mailbox.html", context)


def _page(value: str | None) -> int:
    """A page number from the query string; anything unreadable is the first page."""
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1


@login_required
@require_GET
def read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        copy = mailbox_services.mark_read(request.user, pk)
    except PreauError:
        raise Http404 from None
    if copy.box == "drafts":
        return redirect(f"{reverse('messaging:compose')}?brouillon={pk}")
    message = copy.message
    abilities = policies.get_abilities(request.user, copy)
    context = {
        "copy": copy,
        "message": message,
        "abilities": abilities,
        "conversation": [c for c in selectors.thread(request.user, message) if c.pk != copy.pk],
        "addressees": selectors.addressees(message),
        "attachments": selectors.attachments(message),
        "receipts": (
            selectors.receipts(message, _page(request.GET.get("lecteurs")))
            if abilities["see_receipts"]
            else None
        ),
        "folders": selectors.folders(request.user),
    }
    return render(request, "messaging/read.html", context)


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        mailbox_services.move(request.user, pk, request.POST.get("folder", ""))
    except PreauError as error:
        messages.error(request, error.message)
        return redirect("messaging:read", pk=pk)
    messages.success(request, "Message déplacé.")
    return redirect("messaging:mailbox")


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        copy = mailbox_services.delete(request.user, pk)
    except PreauError as error:
        messages.error(request, error.message)
        return redirect("messaging:mailbox")
    messages.success(
        request,
        "Message supprimé définitivement." if copy.deleted_at else "Message mis à la corbeille.",
    )
    return redirect("messaging:mailbox")


@login_required
@require_POST
def create_folder(request: HttpRequest) -> HttpResponse:
    try:
        folder = mailbox_services.create_folder(request.user, request.POST.get("name", ""))
    except PreauError as error:
        messages.error(request, error.message)
        return redirect("messaging:mailbox")
    messages.success(request, f"Dossier « {folder.name} » créé.")
    return redirect("messaging:folder", folder=str(folder.pk))


@login_required
@require_POST
def delete_folder(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        mailbox_services.delete_folder(request.user, pk)
    except PreauError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Dossier supprimé ; ses messages sont revenus dans leur boîte.")
    return redirect("messaging:mailbox")
