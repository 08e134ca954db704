"""Documents for tests: real uploads through the services, so quotas and blobs stay true."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from preau.documents.models import Document, Folder
from preau.documents.services import documents as document_services
from preau.documents.services import folders as folder_services


def make_document(
    owner: Any,
    name: str = "notes.txt",
    content: bytes = b"Bonjour la classe\n",
    folder: Folder | None = None,
) -> Document:
    return document_services.upload(owner, SimpleUploadedFile(name, content), folder=folder)


def make_folder(owner: Any, name: str = "Sorties", parent: Folder | None = None) -> Folder:
    return folder_services.create_folder(owner, name, parent)
