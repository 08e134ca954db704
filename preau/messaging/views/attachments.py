"""Files of a message: added to a draft while writing (htmx), taken off, downloaded."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from preau.core.errors import PreauError
from preau.messaging import selectors
from preau.messaging.services import attachments as attachment_services
from preau.messaging.services import compose as compose_services
from preau.messaging.views.compose import posted
from preau.storage.downloads import file_response


def _answer(request: HttpRequest, draft: Any, error: str = "") -> HttpResponse:
    """htmx: the attachments' block (and the draft's id); without JavaScript: the draft again."""
    if not request.headers.get("HX-Request"):
        if error:
            from django.contrib import messages

            messages.error(request, error)
        if draft is None:
            return redirect("messaging:compose")
        return redirect(f"{reverse('messaging:compose')}?brouillon={draft.pk}")
    context = {
        "draft": draft.pk if draft is not None else None,
        "attachments": selectors.attachments(draft) if draft is not None else [],
        "attach_error": error,
        "oob": True,
    }
    return render(request, "messaging/_attachments.html", context)


def _saved_draft(request: HttpRequest) -> Any:
    data = posted(request)
    draft_id = data.pop("draft_id")
    return compose_services.save_draft(request.user, draft_id=draft_id, **data)


@login_required
@require_POST
def attach(request: HttpRequest) -> HttpResponse:
    """Save the draft as it is on screen, then store the chosen file with it."""
    try:
        draft = _saved_draft(request)
    except PreauError as error:
        return _answer(request, None, error.message)
    upload = request.FILES.get("fichier")
    if upload is None:
        return _answer(request, draft, "Choisissez un fichier à joindre.")
    try:
        attachment_services.attach_upload(request.user, draft, upload)
    except PreauError as error:
        return _answer(request, draft, error.message)
    return _answer(request, draft)


@login_required
@require_POST
def detach(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        draft = _saved_draft(request)
        attachment_services.remove(request.user, draft.pk, pk)
    except PreauError as error:
        raise Http404 from error
    return _answer(request, draft)


@login_required
@require_GET
def download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    """Only people holding a copy of the message (its sender, its recipients) get the bytes."""
    attachment = selectors.attachment_for(request.user, pk, attachment_id)
    if attachment is None:
        raise Http404
    return file_response(request, attachment.file, download=True)
