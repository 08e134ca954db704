"""The bytes: written to and read from the `preau_files` storage (local files or S3), in chunks.

Reads never hold a whole file: local files are read 64 KiB at a time from an offset; S3 objects
are fetched with a `Range` and their body iterated chunk by chunk (django-storages' own `open()`
would spool the whole object first).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage, storages

CHUNK = 64 * 1024


def file_storage() -> Storage:
    return storages["preau_files"]


def is_s3(storage: Storage | None = None) -> bool:
    return hasattr(storage or file_storage(), "bucket_name")


def new_key(service: str, suffix: str = "") -> str:
    """A fresh, unguessable key; never derived from the person's file name."""
    token = uuid.uuid4().hex
    return f"{service}/{token[:2]}/{token[2:4]}/{token}{suffix}"


def write(key: str, content: IO[bytes] | Any) -> None:
    """Store `content` under `key`. A Django temporary upload is moved, not copied, by the
    local back-end (FileSystemStorage uses its `temporary_file_path()`)."""
    storage = file_storage()
    if is_s3(storage) or not hasattr(content, "temporary_file_path"):
        content = File(content, name=key)  # never the sender's name or declared type
    saved = storage.save(key, content)
    if saved != key:  # keys are unique: a renamed save means a collision we must not hide
        storage.delete(saved)
        raise RuntimeError(f"storage key already taken: {key}")


def delete(key: str) -> None:
    if key:
        file_storage().delete(key)


def exists(key: str) -> bool:
    return file_storage().exists(key)


def iter_bytes(key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
    """Bytes `start`..`end` (inclusive; None = to the end) of the blob, 64 KiB at a time."""
    storage = file_storage()
    if is_s3(storage):
        yield from _iter_s3(storage, key, start, end)
        return
    with storage.open(key, "rb") as handle:
        handle.seek(start)
        remaining = None if end is None else end - start + 1
        while remaining is None or remaining > 0:
            chunk = handle.read(CHUNK if remaining is None else min(CHUNK, remaining))
            if not chunk:
                break
            if remaining is not None:
                remaining -= len(chunk)
            yield chunk


def _iter_s3(storage: Any, key: str, start: int, end: int | None) -> Iterator[bytes]:
    byte_range = f"bytes={start}-{'' if end is None else end}"
    obj = storage.bucket.Object(storage._normalize_name(key))
    body = obj.get(Range=byte_range)["Body"]
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()


def copy(source_key: str, target_key: str) -> None:
    """Copy a blob without reading it whole (S3: server-side copy)."""
    storage = file_storage()
    if is_s3(storage):
        s3: Any = storage
        s3.bucket.Object(s3._normalize_name(target_key)).copy(
            {"Bucket": s3.bucket_name, "Key": s3._normalize_name(source_key)}
        )
        return
    with storage.open(source_key, "rb") as handle:
        write(target_key, handle)
