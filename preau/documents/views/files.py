"""Bytes of a document: its content (any version) and its preview, after the policy said yes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from preau.documents import selectors
from preau.documents.models import DocumentVersion
from preau.documents.views._lookup import document_or_404
from preau.storage.downloads import FileRef, file_response
from preau.storage.models import StoredFile


@login_required
@require_GET
def content(request: HttpRequest, pk: int) -> HttpResponseBase:
    number = request.GET.get("version", "")
    if number.isdigit():
        document = document_or_404(request, pk)
        version = (
            DocumentVersion.objects.select_related("file")
            .filter(document=document, number=int(number))
            .first()
        )
        if version is None:
            raise Http404
        stored: StoredFile | FileRef = version.file
    else:
        stored = _current_or_404(request, pk)
    return file_response(request, stored, download=request.GET.get("telecharger") == "1")


def _current_or_404(request: HttpRequest, pk: int) -> FileRef:
    stored = selectors.current_file(request.user, pk)
    if stored is None:
        raise Http404
    return stored


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponseBase:
    stored = _current_or_404(request, pk)
    if not stored.has_thumbnail:
        raise Http404
    return file_response(request, stored, thumbnail=True)
