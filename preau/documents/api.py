"""/api/v1/documents: upload, metadata, bytes, listing, shares (issue 5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from preau.core.errors import InvalidInput, NotFound
from preau.directory.models import Group
from preau.documents import selectors
from preau.documents.models import Document, Folder
from preau.documents.policies import document as document_policy
from preau.documents.services import documents as document_services
from preau.documents.services.shares import share_document
from preau.sharing.models import Level
from preau.storage.downloads import file_response

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str


class DocumentDetail(DocumentOut):
    folder: int | None
    owner: int
    version: int | None
    has_preview: bool
    trashed: bool
    created_at: datetime
    updated_at: datetime
    abilities: dict[str, bool]


class ShareIn(Schema):
    user: int | None = None
    group: int | None = None
    level: str = Level.READ


class ShareOut(Schema):
    id: int
    user: int | None
    group: int | None
    level: str


class ErrorOut(Schema):
    error: str
    message: str


def _out(document: Document) -> DocumentOut:
    return DocumentOut(
        id=document.pk, name=document.name, size=document.size, content_type=document.content_type
    )


def _document(request: HttpRequest, pk: int) -> Document:
    document = selectors.visible_document(request.user, pk)
    if document is None:
        raise NotFound()
    return document


def _folder(request: HttpRequest, pk: int | None) -> Folder | None:
    if pk is None:
        return None
    folder = selectors.visible_folder(request.user, pk)
    if folder is None:
        raise NotFound("Ce dossier n'existe pas ou ne vous est pas accessible.")
    return folder


ERRORS = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
    503: ErrorOut,
}


@router.post("/documents", response={201: DocumentOut, **ERRORS})
def upload_document(
    request: HttpRequest, file: File[UploadedFile], folder: Form[int | None] = None
) -> Status:
    """Store a file (multipart `file`, optional `folder` id). Refusals: `quota_exceeded`,
    `file_too_large`, `file_type_refused`, `virus_found` (and `folder_invalid`)."""
    document = document_services.upload(request.user, file, folder=_folder(request, folder))
    return Status(201, _out(document))


@router.get("/documents", response=list[DocumentOut])
def list_documents(request: HttpRequest, folder: int | None = None) -> list[DocumentOut]:
    """The documents at the top of my space, or in `folder` (not trashed), by name."""
    return [_out(d) for d in selectors.listing(request.user, _folder(request, folder)).documents]


@router.get("/documents/{document_id}", response={200: DocumentDetail, 404: ErrorOut})
def get_document(request: HttpRequest, document_id: int) -> DocumentDetail:
    document = _document(request, document_id)
    return DocumentDetail(
        id=document.pk,
        name=document.name,
        size=document.size,
        content_type=document.content_type,
        folder=document.folder_id,
        owner=document.owner_id,
        version=document.current.number if document.current else None,
        has_preview=document.has_preview,
        trashed=document.trashed_at is not None,
        created_at=document.created_at,
        updated_at=document.updated_at,
        abilities=document_policy.get_abilities(request.user, document),
    )


@router.get("/documents/{document_id}/content", response={404: ErrorOut})
def get_document_content(request: HttpRequest, document_id: int) -> HttpResponseBase:
    """The bytes (streamed, `Range` honoured), or an X-Accel-Redirect behind nginx."""
    stored = selectors.current_file(request.user, document_id)
    if stored is None:
        raise NotFound()
    return file_response(request, stored, download=True)


@router.post("/documents/{document_id}/shares", response={201: ShareOut, **ERRORS})
def share(request: HttpRequest, document_id: int, payload: ShareIn) -> Status:
    """Share with a person (`user`) or a group (`group`) at `level` read/contribute/manage.
    Outside the communication rules: 403 `communication_forbidden`."""
    document = _document(request, document_id)
    if (payload.user is None) == (payload.group is None):
        raise InvalidInput("Indiquez soit `user`, soit `group`.", code="share_target_invalid")
    user: Any = None
    group: Group | None = None
    if payload.user is not None:
        user = get_user_model().objects.filter(pk=payload.user, is_active=True).first()
        if user is None:
            raise NotFound("Cette personne n'existe pas.")
    elif payload.group is not None:
        group = Group.objects.filter(pk=payload.group).first()
        if group is None:
            raise NotFound("Ce groupe n'existe pas.")
    item = share_document(request.user, document, user=user, group=group, level=payload.level)
    return Status(
        201, ShareOut(id=item.pk, user=item.user_id, group=item.group_id, level=item.level)
    )
