"""The S3 back-end against a real S3 endpoint: a moto server (scripts/ci-services.sh or started
by the `s3_endpoint` fixture). Skipped, with the reason, only when moto[server] is absent."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from preau.directory.factories import make_teacher
from preau.storage import services
from preau.storage.downloads import file_response
from preau.storage.errors import QuotaExceeded
from preau.storage.models import Quota
from preau.storage.testing import jpeg_with_gps, random_bytes, upload


def objects(client, bucket) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_five_megabytes_round_trip_exactly_on_s3(s3_files, school_class):
    client, bucket = s3_files
    teacher = make_teacher(school_class)
    content = b"%PDF-1.4\n" + random_bytes(5 * 1024 * 1024)
    stored = services.store(teacher, upload("gros.pdf", content), service="documents")
    assert stored.key in objects(client, bucket)
    response: Any = file_response(RequestFactory().get("/"), stored)
    assert response.streaming
    assert b"".join(response.streaming_content) == content


def test_ranges_are_fetched_from_s3(s3_files, school_class):
    teacher = make_teacher(school_class)
    stored = services.store(teacher, upload("n.txt", b"abcdefghij" * 1000), service="documents")
    response: Any = file_response(RequestFactory().get("/", HTTP_RANGE="bytes=3-6"), stored)
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"defg"


def test_images_and_thumbnails_on_s3_and_copy(s3_files, school_class):
    client, bucket = s3_files
    teacher = make_teacher(school_class)
    stored = services.store(teacher, upload("p.jpg", jpeg_with_gps()), service="documents")
    twin = services.copy(teacher, stored)
    assert {stored.key, stored.thumbnail_key, twin.key, twin.thumbnail_key} <= set(
        objects(client, bucket)
    )


def test_over_quota_leaves_nothing_in_the_bucket(s3_files, school_class):
    client, bucket = s3_files
    teacher = make_teacher(school_class)
    Quota.objects.create(user=teacher, limit_bytes=1000)
    with pytest.raises(QuotaExceeded):
        services.store(teacher, upload("n.txt", b"x" * 2000), service="documents")
    assert objects(client, bucket) == []
