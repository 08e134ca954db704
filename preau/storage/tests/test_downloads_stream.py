"""Serving stored bytes: streamed, ranges for audio and video, X-Accel-Redirect behind nginx."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from preau.directory.factories import make_teacher
from preau.storage import services
from preau.storage.downloads import file_response, parse_range
from preau.storage.testing import random_bytes, upload


@pytest.fixture
def stored(school_class):
    teacher = make_teacher(school_class)
    return services.store(teacher, upload("notes.txt", b"0123456789" * 10_000), service="documents")


def body(response: Any) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def test_the_whole_file_is_streamed_in_chunks(stored):
    response: Any = file_response(RequestFactory().get("/"), stored)
    chunks = list(response.streaming_content)
    assert len(chunks) == 2  # 100,000 bytes in 64 KiB chunks: never the whole file at once
    assert b"".join(chunks) == b"0123456789" * 10_000
    assert response["Content-Length"] == "100000"
    assert response["Accept-Ranges"] == "bytes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("header", "status", "expected", "content_range"),
    [
        ("bytes=10-19", 206, b"0123456789", "bytes 10-19/100000"),
        ("bytes=99995-", 206, b"56789", "bytes 99995-99999/100000"),
        ("bytes=-3", 206, b"789", "bytes 99997-99999/100000"),
        ("bytes=99990-200000", 206, b"0123456789", "bytes 99990-99999/100000"),
    ],
)
def test_ranges_let_players_seek(stored, header, status, expected, content_range):
    response = file_response(RequestFactory().get("/", HTTP_RANGE=header), stored)
    assert response.status_code == status
    assert body(response) == expected
    assert response["Content-Range"] == content_range
    assert response["Content-Length"] == str(len(expected))


def test_an_unsatisfiable_range_gets_416(stored):
    response = file_response(RequestFactory().get("/", HTTP_RANGE="bytes=100000-"), stored)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */100000"


@pytest.mark.parametrize("header", ["", "bytes=1-2,5-6", "items=0-1", "bytes=-"])
def test_other_range_headers_get_the_whole_file(header):
    assert parse_range(header, 100) is None


def test_behind_nginx_the_bytes_are_left_to_x_accel_redirect(stored, settings):
    settings.PREAU_X_ACCEL_REDIRECT_PREFIX = "/_fichiers/"
    response: Any = file_response(RequestFactory().get("/"), stored)
    assert response["X-Accel-Redirect"] == f"/_fichiers/{stored.key}"
    assert response.content == b""
    assert response["Content-Type"] == "text/plain"


def test_images_are_shown_inline_and_downloads_can_be_forced(school_class):
    from preau.storage.testing import png_bytes

    teacher = make_teacher(school_class)
    image = services.store(teacher, upload("a.png", png_bytes()), service="documents")
    assert file_response(RequestFactory().get("/"), image)["Content-Disposition"].startswith(
        "inline"
    )
    forced = file_response(RequestFactory().get("/"), image, download=True)
    assert forced["Content-Disposition"].startswith("attachment")
    thumb = file_response(RequestFactory().get("/"), image, thumbnail=True)
    assert thumb["Content-Type"] == "image/jpeg" and body(thumb)[:2] == b"\xff\xd8"


def test_five_megabytes_round_trip_exactly_on_local_files(school_class):
    teacher = make_teacher(school_class)
    content = random_bytes(5 * 1024 * 1024)
    stored = services.store(
        teacher, upload("data.pdf", b"%PDF-1.4\n" + content), service="documents"
    )
    assert body(file_response(RequestFactory().get("/"), stored)) == b"%PDF-1.4\n" + content
