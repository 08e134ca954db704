"""The stored files of a backup: every blob of the `preau_files` storage, local or S3.

`save` copies each blob into the backup's `files/` directory under its storage key. Restoring is
split in two so that the database is replaced only once the bytes are in place:

- `stage` puts the backup's blobs where the storage can take them without hiding the current
  ones: a local storage gets a staging copy next to its directory; an S3 bucket gets every object
  uploaded (created if the bucket is gone). Keys are unique and a blob never changes, so an
  upload never alters a blob that a current row points to.
- `commit` then makes the storage hold exactly the backup's blobs: the local staging directory
  replaces the storage directory; objects of the bucket that the backup does not have are deleted.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from preau.storage.blobs import file_storage, is_s3


@dataclass(frozen=True)
class StagedFiles:
    keys: frozenset[str]
    local_staging: Path | None = None  # local storage: the copy waiting to replace the directory


def local_root(storage: Any | None = None) -> Path | None:
    """The storage's directory when it is a local one, else None."""
    chosen: Any = storage or file_storage()
    return None if is_s3(chosen) else Path(chosen.location).resolve()


def _s3_prefix(storage: Any) -> str:
    location = str(getattr(storage, "location", "") or "").strip("/")
    return f"{location}/" if location else ""


def save(target: Path) -> int:
    """Copies every stored blob into `target` (key = relative path); returns how many."""
    storage: Any = file_storage()
    target.mkdir(parents=True, exist_ok=True)
    if not is_s3(storage):
        root = local_root(storage)
        if root is not None and root.is_dir():
            shutil.copytree(root, target, dirs_exist_ok=True, symlinks=False)
        return sum(1 for p in target.rglob("*") if p.is_file())
    prefix, count = _s3_prefix(storage), 0
    for summary in storage.bucket.objects.filter(Prefix=prefix):
        destination = target / summary.key.removeprefix(prefix)
        destination.parent.mkdir(parents=True, exist_ok=True)
        storage.bucket.download_file(summary.key, str(destination))
        count += 1
    return count


def _keys(saved: Path) -> frozenset[str]:
    return frozenset(p.relative_to(saved).as_posix() for p in saved.rglob("*") if p.is_file())


def stage(saved: Path) -> StagedFiles:
    storage: Any = file_storage()
    keys = _keys(saved)
    if not is_s3(storage):
        root = local_root(storage)
        assert root is not None
        root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-files-", dir=root.parent))
        if saved.is_dir():
            shutil.copytree(saved, staging / "files")
        else:  # no stored file at backup time (an empty files/ is not kept by every copy tool)
            (staging / "files").mkdir()
        return StagedFiles(keys, staging)
    bucket = storage.bucket
    if bucket.creation_date is None:  # the bucket itself was lost: make a new, empty one
        bucket.create()
        bucket.wait_until_exists()
    prefix = _s3_prefix(storage)
    for key in sorted(keys):
        bucket.upload_file(str(saved / key), prefix + key)
    return StagedFiles(keys)


def commit(staged: StagedFiles) -> None:
    storage: Any = file_storage()
    if staged.local_staging is not None:
        root = local_root(storage)
        assert root is not None
        try:
            if root.exists():
                shutil.rmtree(root)
            (staged.local_staging / "files").rename(root)
        finally:
            shutil.rmtree(staged.local_staging, ignore_errors=True)
        return
    prefix = _s3_prefix(storage)
    extra = [
        {"Key": summary.key}
        for summary in storage.bucket.objects.filter(Prefix=prefix)
        if summary.key.removeprefix(prefix) not in staged.keys
    ]
    for start in range(0, len(extra), 1000):  # DeleteObjects takes at most 1,000 keys
        storage.bucket.delete_objects(Delete={"Objects": extra[start : start + 1000]})


def discard(staged: StagedFiles) -> None:
    """A restore that failed after staging: drop the local copy (S3 uploads are harmless)."""
    if staged.local_staging is not None:
        shutil.rmtree(staged.local_staging, ignore_errors=True)
