"""Turning an upload into checked bytes on local disk, before anything is stored or counted.

`checked_upload()` spools the upload to a temporary file (never whole in memory) unless Django
already made one, stops as soon as it passes the size limit, finds the type from the content,
scans it, re-encodes images and makes the preview. Bytes are hashed once, on the way in (ADR
0041). The temporary files are removed when the `with` block ends, whatever happens.
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
    # Django's temporary upload when `path` is its file, unchanged: the local back-end moves it
    # into place instead of copying it.
    movable: Any = None


@dataclass
class _Raw:
    path: Path
    sha256: str | None  # known when hashed on the way in
    movable: Any = None


class _Workdir:
    """A private temporary directory, made only if some step needs one."""

    def __init__(self) -> None:
        self._path: Path | None = None

    def path(self) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="preau-upload-"))
        return self._path

    def remove(self) -> None:
        if self._path is not None:
            with suppress(OSError):
                shutil.rmtree(self._path)


def _chunks(upload: Any) -> Iterator[bytes]:
    if hasattr(upload, "chunks"):
        yield from upload.chunks(CHUNK)
        return
    while chunk := upload.read(CHUNK):
        yield chunk


def _spool(upload: Any, target: IO[bytes], limit: int) -> str:
    """Copy `upload` to `target` up to `limit` bytes; its SHA-256, computed on the way."""
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise FileTooLarge.over(limit)
    written, sha = 0, hashlib.sha256()
    for chunk in _chunks(upload):
        written += len(chunk)
        if written > limit:
            raise FileTooLarge.over(limit)
        target.write(chunk)
        sha.update(chunk)
    target.flush()
    return sha.hexdigest()


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


@contextmanager
def checked_upload(upload: Any, *, limit: int, name: str | None = None) -> Iterator[CheckedFile]:
    workdir = _Workdir()
    try:
        raw = _on_disk(upload, limit, workdir)
        yield _check(raw, workdir, name or getattr(upload, "name", "") or "")
    finally:
        workdir.remove()


def _on_disk(upload: Any, limit: int, workdir: _Workdir) -> _Raw:
    """The upload as a file on disk: Django's own temporary file when it made one (large
    uploads, hashed while received by storage.uploads' handler), else a copy spooled in chunks
    up to `limit` and hashed on the way."""
    if hasattr(upload, "temporary_file_path"):
        path = Path(upload.temporary_file_path())
        size = path.stat().st_size
        if size > limit:
            raise FileTooLarge.over(limit)
        known = getattr(upload, "sha256", None) if getattr(upload, "size", -1) == size else None
        return _Raw(path, known, movable=upload)
    raw = workdir.path() / "raw"
    with raw.open("wb") as target:
        sha = _spool(upload, target, limit)
    return _Raw(raw, sha)


def _check(raw: _Raw, workdir: _Workdir, original_name: str) -> CheckedFile:
    size = raw.path.stat().st_size
    if size == 0:
        raise EmptyFile()
    content_type = inspection.sniff_type(raw.path)
    if content_type not in ALLOWED_TYPES:
        raise FileTypeRefused(detected=content_type)
    scan.scan_file(raw.path)
    path, width, height, sha, movable = raw.path, None, None, raw.sha256, raw.movable
    preview: bytes | None
    if content_type in IMAGE_TYPES:
        clean = inspection.reencode_image(raw.path, content_type, workdir.path() / "clean")
        path, width, height, movable = clean.path, clean.width, clean.height, None
        size, sha, preview = path.stat().st_size, None, clean.thumbnail
    else:
        preview = inspection.thumbnail(path, content_type)
    return CheckedFile(
        path=path,
        name=sanitise_name(original_name, content_type),
        content_type=content_type,
        size=size,
        sha256=sha or _digest(path),
        thumbnail=preview,
        width=width,
        height=height,
        movable=movable,
    )
