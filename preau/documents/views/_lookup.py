"""Finding what the person may see, or answering 404 (never "exists but forbidden")."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from preau.documents import selectors
from preau.documents.models import Document, Folder


def document_or_404(request: HttpRequest, pk: int) -> Document:
    document = selectors.visible_document(request.user, pk)
    if document is None:
        raise Http404
    return document


def folder_or_404(request: HttpRequest, pk: int | str | None) -> Folder | None:
    if pk in (None, ""):
        return None
    try:
        number = int(pk)  # type: ignore[arg-type]
    except ValueError as exc:
        raise Http404 from exc
    folder = selectors.visible_folder(request.user, number)
    if folder is None:
        raise Http404
    return folder
