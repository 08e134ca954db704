"""Test helpers for every app that stores files: a private storage root, sample files, moto S3."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from preau.storage import local_clamd

EICAR = local_clamd.EICAR


@pytest.fixture(autouse=True)
def local_files(settings: Any, tmp_path: Path) -> Path:
    """Stored files go to a fresh directory per test (never the developer's var/)."""
    root = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "preau_files": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    settings.PREAU_X_ACCEL_REDIRECT_PREFIX = ""
    settings.PREAU_CLAMD_ADDRESS = ""
    return root


def stored_blobs(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def jpeg_with_gps(width: int = 1200, height: int = 800, orientation: int = 1) -> bytes:
    """A JPEG whose EXIF carries a camera model, GPS coordinates and an orientation (6: the
    phone was held upright, the pixels are to be turned a quarter clockwise)."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "Appareil de la classe"  # Model
    exif[0x0112] = orientation  # Orientation
    gps = {1: "N", 2: (47.0, 13.0, 0.0), 3: "W", 4: (1.0, 33.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def png_bytes(width: int = 64, height: int = 64) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 200, 30, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes(text: str = "Sortie scolaire") -> bytes:
    """A one-page PDF made by WeasyPrint (already a dependency)."""
    from weasyprint import HTML

    return HTML(string=f"<h1>{text}</h1><p>Liste des affaires à emporter.</p>").write_pdf()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def random_bytes(size: int, seed: int = 5) -> bytes:
    import random

    return random.Random(seed).randbytes(size)  # noqa: S311 (test data, not secrets)


# --- Antivirus: a real clamd with the project's own EICAR signature -----------------------------


@pytest.fixture(scope="session")
def clamd_address() -> Iterator[str]:
    """A clamd socket: PREAU_TEST_CLAMD_ADDRESS (CI's, started by scripts/ci-services.sh) or a
    clamd this session starts with its own config and signature file. Skips if clamd is absent."""
    given = os.environ.get("PREAU_TEST_CLAMD_ADDRESS")
    if given:
        yield given
        return
    if local_clamd.clamd_binary() is None:
        pytest.skip("clamd absent (Debian package clamav-daemon): antivirus test skipped")
    # A short path: unix socket paths are limited to 107 bytes.
    directory = Path(tempfile.mkdtemp(prefix="preau-clamd-"))
    try:
        with local_clamd.running_clamd(directory) as address:
            yield address
    finally:
        shutil.rmtree(directory, ignore_errors=True)


# --- S3: a moto server started by the tests themselves ------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _moto_server() -> str | None:
    return shutil.which("moto_server") or (
        str(Path(sys.executable).with_name("moto_server"))
        if Path(sys.executable).with_name("moto_server").exists()
        else None
    )


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """An S3 endpoint: PREAU_TEST_S3_ENDPOINT (CI's moto, started by scripts/ci-services.sh) or
    a moto server this session starts on a free loopback port. Skips if neither exists."""
    given = os.environ.get("PREAU_TEST_S3_ENDPOINT")
    if given:
        yield given
        return
    binary = _moto_server()
    if binary is None:
        pytest.skip("moto[server] absent: S3 tests skipped")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [binary, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3_files(settings: Any, s3_endpoint: str) -> Iterator[Any]:
    """Switch `preau_files` to an S3 bucket of its own on the test endpoint."""
    import uuid

    import boto3

    bucket = f"preau-test-{uuid.uuid4().hex[:12]}"
    options = {
        "endpoint_url": s3_endpoint,
        "aws_access_key_id": "preau-test",
        "aws_secret_access_key": "preau-test-secret",
        "region_name": "us-east-1",
    }
    client = boto3.client("s3", **options)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "preau_files": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "access_key": "preau-test",
                "secret_key": "preau-test-secret",
                "region_name": "us-east-1",
                "file_overwrite": False,
                "default_acl": None,
            },
        },
    }
    yield client, bucket
