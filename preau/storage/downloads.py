"""Serving stored bytes once the owning app has authorised the request.

- Production (`PREAU_X_ACCEL_REDIRECT_PREFIX` set): an empty response with `X-Accel-Redirect`;
  nginx sends the bytes (and answers ranges) from its internal location.
- Otherwise Préau streams them 64 KiB at a time, with single `Range` requests answered 206 so
  that audio and video can seek.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.http import content_disposition_header

from preau.storage import blobs
from preau.storage.conf import INLINE_TYPES
from preau.storage.models import StoredFile

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True, slots=True)
class FileRef:
    """What serving stored bytes reads of a `StoredFile` (which has the same attributes): a
    download authorised by one statement (`documents.selectors.current_file`) answers from its
    row without building a model instance (ADR 0062)."""

    key: str
    name: str
    size: int
    content_type: str
    thumbnail_key: str
    thumbnail_size: int

    @property
    def has_thumbnail(self) -> bool:
        return bool(self.thumbnail_key)


def parse_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """`bytes=a-b`, `bytes=a-`, `bytes=-n` → (start, end) inclusive; None to ignore the header
    (absent, malformed or several ranges: the whole file is sent); False if unsatisfiable."""
    match = _RANGE.match(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0:
            return False
        return max(0, size - suffix), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return start, end


def _headers(response: HttpResponseBase, content_type: str, name: str, inline: bool) -> None:
    response["Content-Type"] = content_type
    response["Content-Disposition"] = content_disposition_header(not inline, name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Accept-Ranges"] = "bytes"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
    )


def file_response(
    request: HttpRequest,
    stored: StoredFile | FileRef,
    *,
    thumbnail: bool = False,
    download: bool = False,
) -> HttpResponseBase:
    """The response for `stored`'s bytes (or its JPEG preview); the caller has authorised."""
    if thumbnail:
        key, size, content_type = stored.thumbnail_key, stored.thumbnail_size, "image/jpeg"
        name = f"apercu-{stored.name}.jpg"
    else:
        key, size, content_type, name = stored.key, stored.size, stored.content_type, stored.name
    inline = not download and content_type in INLINE_TYPES
    prefix = settings.PREAU_X_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse()
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(key)
        _headers(response, content_type, name, inline)
        return response
    return _streamed(request, key, size, content_type, name, inline)


def _streamed(
    request: HttpRequest, key: str, size: int, content_type: str, name: str, inline: bool
) -> HttpResponseBase:
    wanted = parse_range(request.headers.get("Range", ""), size)
    if wanted is False:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    if wanted is None or wanted is True:
        response: StreamingHttpResponse = StreamingHttpResponse(blobs.iter_bytes(key))
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        response = StreamingHttpResponse(blobs.iter_bytes(key, start, end), status=206)
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    _headers(response, content_type, name, inline)
    return response
