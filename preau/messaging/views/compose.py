"""Writing a message: recipients picked from what the rules allow, autosaved drafts, sending."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from preau.communication.selectors import visible_recipients
from preau.core.errors import PreauError
from preau.messaging import recipients as rcpt
from preau.messaging import selectors
from preau.messaging.forms import initial_for, labels_for
from preau.messaging.models import Message
from preau.messaging.services import compose as compose_services


def posted(request: HttpRequest) -> dict[str, Any]:
    def number(name: str) -> int | None:
        value = request.POST.get(name, "")
        return int(value) if value.isdigit() else None

    tokens = request.POST.getlist("to")
    add = request.POST.get("add", "")
    if add and add not in tokens:
        tokens.append(add)
    return {
        "to": tokens,
        "subject": request.POST.get("subject", ""),
        "body": request.POST.get("body", ""),
        "body_format": "html" if request.POST.get("body_format") == "html" else "text",
        "draft_id": number("draft_id"),
        "in_reply_to_id": number("in_reply_to"),
        "mode": request.POST.get("mode", Message.Mode.NEW),
    }


def _render(request: HttpRequest, data: dict[str, Any], **extra: Any) -> HttpResponse:
    try:
        chosen = labels_for(rcpt.parse(data["to"]))
    except PreauError:
        chosen = []
    context = {"data": data, "chosen": chosen, **_files(request.user, data), **extra}
    return render(request, "messaging/compose.html", context, status=extra.pop("status", 200))


def _files(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The draft's own files, and those a forward will carry along."""
    own = selectors.held_attachments(user, data["draft_id"]) if data["draft_id"] else []
    forwarded = []
    if data["mode"] == Message.Mode.FORWARD and data["in_reply_to_id"]:
        forwarded = selectors.held_attachments(user, data["in_reply_to_id"])
    return {"attachments": own, "forwarded": forwarded, "draft": data["draft_id"]}


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        try:
            data = initial_for(request.user, request.GET)
        except PreauError as error:
            messages.error(request, error.message)
            return redirect("messaging:mailbox")
        return _render(request, data)
    data = posted(request)
    if request.POST.get("action") != "send":
        query = request.POST.get("q", "")
        found = visible_recipients(request.user, query, 20) if query.strip() else []
        return _render(request, data, results=found, query=query)
    try:
        message = compose_services.send(request.user, **data)
    except PreauError as error:
        return _render(request, data, error=error.message, status=200)
    if message.is_pending:
        messages.success(request, "Votre message attend la validation de votre enseignant.")
    else:
        messages.success(request, "Message envoyé.")
    return redirect("messaging:folder", folder="sent")


@login_required
@require_POST
def autosave(request: HttpRequest) -> HttpResponse:
    """htmx: save the draft in the background and answer with its id and the time."""
    data = posted(request)
    draft_id = data.pop("draft_id")
    try:
        draft = compose_services.save_draft(request.user, draft_id=draft_id, **data)
    except PreauError as error:
        return render(request, "messaging/_autosave.html", {"error": error.message})
    context = {"draft": draft, "saved_at": timezone.localtime()}
    return render(request, "messaging/_autosave.html", context)


@login_required
@require_GET
def recipient_search(request: HttpRequest) -> HttpResponse:
    """htmx: search as you type among the people and groups the rules allow."""
    chosen = request.GET.get("choisir", "")
    if chosen:
        try:
            labels = labels_for(rcpt.parse([chosen]))
        except PreauError:
            labels = []
        return render(request, "messaging/_chosen.html", {"chosen": labels})
    query = request.GET.get("q", "")[:100]
    found = visible_recipients(request.user, query, 20) if query.strip() else []
    return render(request, "messaging/_results.html", {"results": found, "query": query})
