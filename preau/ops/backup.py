"""Backups: the database dump, the stored files and a manifest of SHA-256 checksums.

Layout of a backup directory (format 2):
    manifest.json   format, date, database engine, and {path: {sha256, size}} of every file below
    database.dump   `pg_dump -Fc` (PostgreSQL) or a SQLite database file (online backup API)
    files/…         every blob of the `preau_files` storage (local or S3), under its key
    media/…         a copy of MEDIA_ROOT, without the stored files' directory when it lies inside

`restore` checks every checksum (and that no file is missing or added) before it touches
anything, so a corrupted or incomplete backup is refused and the running data stays as it was.
It then stages the files (preau/ops/backup_files.py), replaces the database, and only then swaps
the files in. Format 1 (no files/, the stored files inside media/) is still restored.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections

from preau.core.errors import PreauError
from preau.ops import backup_files

FORMAT = "preau-backup/2"
FORMATS = ("preau-backup/1", FORMAT)
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
FILES = "files"


class BackupError(PreauError):
    code = "backup_invalid"
    status = 400
    default_message = "La sauvegarde est invalide."


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST)


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Base de données non prise en charge : {vendor}.")
    return vendor


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    conf = connections[alias].settings_dict
    env = {**os.environ, "PGPASSWORD": str(conf.get("PASSWORD") or "")}
    args = ["-h", str(conf.get("HOST") or "localhost"), "-U", str(conf.get("USER") or "")]
    if conf.get("PORT"):
        args += ["-p", str(conf["PORT"])]
    return [*args, "-d", str(conf["NAME"])], env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} a échoué : {result.stderr.strip()[-500:]}")


def _dump_database(target: Path, alias: str) -> None:
    if _engine(alias) == "postgresql":
        args, env = _pg_env(alias)
        _run(["pg_dump", "-Fc", "--no-owner", "-f", str(target), *args], env, "pg_dump")
        return
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _load_database(source: Path, alias: str) -> None:
    if _engine(alias) == "postgresql":
        connections[alias].close()
        args, env = _pg_env(alias)
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*command, *args, str(source)], env, "pg_restore")
        return
    connection = connections[alias]
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()


def write_manifest(root: Path, engine: str) -> dict[str, Any]:
    files = {
        str(path.relative_to(root)): {"sha256": _sha256(path), "size": path.stat().st_size}
        for path in _files_under(root)
    }
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "engine": engine,
        "files": files,
    }
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return manifest


def backup(target: Path, alias: str = "default") -> BackupSummary:
    """Writes a complete backup into `target`, which must not exist or be empty."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"Le dossier {target} n'est pas vide : choisissez un dossier neuf.")
    engine = _engine(alias)
    target.mkdir(parents=True, exist_ok=True)
    _dump_database(target / DUMP, alias)
    backup_files.save(target / FILES)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if media_root.is_dir():
        skip = _files_inside(media_root)
        shutil.copytree(media_root, target / MEDIA, symlinks=False, ignore=_media_ignore(skip))
    else:
        (target / MEDIA).mkdir()
    manifest = write_manifest(target, engine)
    size = sum(entry["size"] for entry in manifest["files"].values())
    return BackupSummary(path=target, files=len(manifest["files"]), bytes=size)


def verify(source: Path) -> dict[str, Any]:
    """The manifest, once every file is present, unchanged, and no file was added."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Manifeste illisible ou absent dans {source}.") from exc
    if manifest.get("format") not in FORMATS:
        raise BackupError(
            "Format de sauvegarde inconnu : ce dossier n'est pas une sauvegarde Préau."
        )
    expected = manifest.get("files", {})
    present = {str(path.relative_to(source)) for path in _files_under(source)}
    missing, added = sorted(set(expected) - present), sorted(present - set(expected))
    if missing or added:
        raise BackupError(
            f"Sauvegarde incomplète : fichiers manquants {missing[:5]}, en trop {added[:5]}."
        )
    corrupted = [
        name for name, entry in expected.items() if _sha256(source / name) != entry["sha256"]
    ]
    if corrupted:
        raise BackupError(
            f"Sauvegarde corrompue : la somme de contrôle ne correspond pas pour {corrupted[:5]}. "
            "Rien n'a été restauré."
        )
    if DUMP not in expected:
        raise BackupError("La sauvegarde ne contient pas de base de données.")
    return manifest


def restore(source: Path, alias: str = "default") -> dict[str, Any]:
    """Verifies `source`, then replaces the database and MEDIA_ROOT with its content."""
    source = Path(source)
    manifest = verify(source)
    if manifest["engine"] != _engine(alias):
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['engine']}, "
            f"la base actuelle est {_engine(alias)}."
        )
    media_root = Path(settings.MEDIA_ROOT).resolve()
    with_files = manifest["format"] != "preau-backup/1"
    staged = backup_files.stage(source / FILES) if with_files else None
    media_staging = _stage_media(source / MEDIA, media_root)
    try:
        _load_database(source / DUMP, alias)
        if staged is not None:
            backup_files.commit(staged)
        _swap_media(media_staging, media_root, _files_inside(media_root) if with_files else None)
        _forget_cached_state()
    finally:
        if staged is not None:
            backup_files.discard(staged)
        shutil.rmtree(media_staging, ignore_errors=True)
    return manifest


def _forget_cached_state() -> None:
    """Cached sessions, counts and rate limits describe the data restore just replaced: a
    session opened after the backup must not outlive the restore in the cache."""
    for cache in caches.all():
        cache.clear()


def _files_inside(media_root: Path) -> Path | None:
    """The stored files' directory, relative to MEDIA_ROOT, when it lies inside it."""
    root = backup_files.local_root()
    if root is None or not root.is_relative_to(media_root) or root == media_root:
        return None
    return root.relative_to(media_root)


def _media_ignore(skip: Path | None) -> Any:
    """copytree's filter: restore leftovers, and the stored files (saved under files/)."""
    skip_path = (Path(settings.MEDIA_ROOT).resolve() / skip) if skip is not None else None

    def ignore(directory: str, names: list[str]) -> set[str]:
        return {
            name
            for name in names
            if name.startswith(".restore-") or Path(directory, name).resolve() == skip_path
        }

    return ignore


def _stage_media(saved: Path, media_root: Path) -> Path:
    """A copy of the saved media next to MEDIA_ROOT, so a failed copy leaves the files in place."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    if saved.is_dir():
        shutil.copytree(saved, staging / "media")
    else:  # an empty media/ is not kept by every copy tool
        (staging / "media").mkdir()
    return staging


def _swap_media(staging: Path, media_root: Path, keep: Path | None) -> None:
    """MEDIA_ROOT becomes the staged copy; `keep` (the stored files, restored already) moves in."""
    if keep is not None and (media_root / keep).exists():
        (staging / "media" / keep).parent.mkdir(parents=True, exist_ok=True)
        (media_root / keep).rename(staging / "media" / keep)
    if media_root.exists():
        shutil.rmtree(media_root)
    (staging / "media").rename(media_root)
