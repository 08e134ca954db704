"""API shapes shared by the services that attach stored files (messagerie, carnet de liaison)."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str


def attachment_out(attachment_id: int, stored: Any, url: str) -> dict[str, Any]:
    """One attached `StoredFile` as `AttachmentOut`, downloadable at `url`."""
    return {
        "id": attachment_id,
        "name": stored.name,
        "size": stored.size,
        "content_type": stored.content_type,
        "url": url,
    }
