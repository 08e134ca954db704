"""Bytes of a document: its content (any version) and its preview, after the policy said yes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from preau.documents.models import DocumentVersion
from preau.documents.views._lookup import document_or_404
from preau.storage.downloads import file_response


@login_required
@require_GET
def content(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = document_or_404(request, pk)
    number = request.GET.get("version", "")
    if number.isdigit():
        version = (
            DocumentVersion.objects.select_related("file")
            .filter(document=document, number=int(number))
            .first()
        )
        if version is None:
            raise Http404
        stored = version.file
    elif document.current is not None:
        stored = document.current.file
    else:
        raise Http404
    return file_response(request, stored, download=request.GET.get("telecharger") == "1")


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = document_or_404(request, pk)
    if document.current is None or not document.current.file.has_thumbnail:
        raise Http404
    return file_response(request, document.current.file, thumbnail=True)
