"""Turning an upload into checked bytes on local disk, before anything is stored or counted.

`checked_upload()` spools the upload to a temporary file (never whole in memory), stops as soon
as it passes the size limit, finds the type from the content, scans it, re-encodes images and
makes the preview. The temporary files are removed when the `with` block ends, whatever happens.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from preau.storage import inspection, scan
from preau.storage.conf import ALLOWED_TYPES, IMAGE_TYPES
from preau.storage.errors import EmptyFile, FileTooLarge, FileTypeRefused
from preau.storage.naming import sanitise_name

CHUNK = 1 << 20


@dataclass
class CheckedFile:
    path: Path
    name: str
    content_type: str
    size: int
    sha256: str
    thumbnail: bytes | None
    width: int | None = None
    height: int | None = None


def _chunks(upload: Any) -> Iterator[bytes]:
    if hasattr(upload, "chunks"):
        yield from upload.chunks(CHUNK)
        return
    while chunk := upload.read(CHUNK):
        yield chunk


def _spool(upload: Any, target: IO[bytes], limit: int) -> None:
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise FileTooLarge.over(limit)
    written = 0
    for chunk in _chunks(upload):
        written += len(chunk)
        if written > limit:
            raise FileTooLarge.over(limit)
        target.write(chunk)
    target.flush()


def _digest(path: Path) -> tuple[int, str]:
    sha, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


@contextmanager
def checked_upload(upload: Any, *, limit: int, name: str | None = None) -> Iterator[CheckedFile]:
    workdir = Path(tempfile.mkdtemp(prefix="preau-upload-"))
    try:
        raw = _on_disk(upload, limit, workdir)
        yield _check(raw, workdir, name or getattr(upload, "name", "") or "")
    finally:
        with suppress(OSError):
            shutil.rmtree(workdir)


def _on_disk(upload: Any, limit: int, workdir: Path) -> Path:
    """The upload as a file on disk: Django's own temporary file when it made one (large
    uploads; read, never modified), else a copy spooled in chunks up to `limit`."""
    if hasattr(upload, "temporary_file_path"):
        path = Path(upload.temporary_file_path())
        if path.stat().st_size > limit:
            raise FileTooLarge.over(limit)
        return path
    raw = workdir / "raw"
    with raw.open("wb") as target:
        _spool(upload, target, limit)
    return raw


def _check(raw: Path, workdir: Path, original_name: str) -> CheckedFile:
    if raw.stat().st_size == 0:
        raise EmptyFile()
    content_type = inspection.sniff_type(raw)
    if content_type not in ALLOWED_TYPES:
        raise FileTypeRefused(detected=content_type)
    scan.scan_file(raw)
    path, width, height = raw, None, None
    if content_type in IMAGE_TYPES:
        clean = inspection.reencode_image(raw, content_type, workdir / "clean")
        path, width, height = clean.path, clean.width, clean.height
    size, sha = _digest(path)
    return CheckedFile(
        path=path,
        name=sanitise_name(original_name, content_type),
        content_type=content_type,
        size=size,
        sha256=sha,
        thumbnail=inspection.thumbnail(path, content_type),
        width=width,
        height=height,
    )
