"""Storing files: checks from the content, images cleaned, quotas counted, nothing left behind."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from preau.directory.factories import UserFactory, make_parent, make_pupil, make_teacher
from preau.storage import blobs, services
from preau.storage.errors import EmptyFile, FileTooLarge, FileTypeRefused, QuotaExceeded
from preau.storage.models import Quota, StoredFile
from preau.storage.selectors import Usage, usage_of
from preau.storage.testing import (
    jpeg_with_gps,
    pdf_bytes,
    png_bytes,
    random_bytes,
    stored_blobs,
    upload,
)


@pytest.fixture
def teacher(school_class):
    return make_teacher(school_class)


def read_all(key: str) -> bytes:
    return b"".join(blobs.iter_bytes(key))


def test_a_pdf_is_stored_with_its_exact_bytes_type_and_preview(teacher):
    content = pdf_bytes()
    stored = services.store(teacher, upload("sortie.pdf", content), service="documents")
    assert read_all(stored.key) == content
    assert (stored.name, stored.content_type, stored.size) == (
        "sortie.pdf",
        "application/pdf",
        len(content),
    )
    preview = Image.open(io.BytesIO(read_all(stored.thumbnail_key)))
    assert preview.format == "JPEG" and max(preview.size) <= 480


def test_the_type_comes_from_the_content_not_the_name(teacher, local_files):
    with pytest.raises(FileTypeRefused) as refused:
        services.store(
            teacher, upload("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200), service="documents"
        )
    assert refused.value.code == "file_type_refused"
    assert "n'est pas accepté" in refused.value.message
    html = upload("notes.txt", b"<html><script>alert(1)</script></html>")
    with pytest.raises(FileTypeRefused):
        services.store(teacher, html, service="documents")
    assert stored_blobs(local_files) == [] and not StoredFile.objects.exists()


def test_a_text_named_like_an_image_is_stored_as_text(teacher):
    stored = services.store(
        teacher, upload("image.png", "Liste des élèves\n".encode()), service="documents"
    )
    assert stored.content_type == "text/plain"


def test_images_lose_exif_and_gps_and_get_a_thumbnail(teacher):
    original = jpeg_with_gps()
    assert b"Appareil de la classe" in original
    stored = services.store(teacher, upload("sortie.jpg", original), service="documents")
    clean = read_all(stored.key)
    assert b"Appareil de la classe" not in clean
    image = Image.open(io.BytesIO(clean))
    assert image.getexif() == {} or 0x8825 not in image.getexif()
    assert (stored.width, stored.height) == (1200, 800)
    thumb = Image.open(io.BytesIO(read_all(stored.thumbnail_key)))
    assert thumb.size == (480, 320)
    assert stored.size == len(clean)


def test_a_photo_taken_upright_is_stored_and_previewed_upright(teacher):
    stored = services.store(
        teacher, upload("debout.jpg", jpeg_with_gps(orientation=6)), service="documents"
    )
    assert (stored.width, stored.height) == (800, 1200)
    assert Image.open(io.BytesIO(read_all(stored.key))).size == (800, 1200)
    assert Image.open(io.BytesIO(read_all(stored.thumbnail_key))).size == (320, 480)


def test_a_transparent_png_keeps_its_transparency_and_gets_a_jpeg_preview(teacher):
    stored = services.store(teacher, upload("logo.png", png_bytes(960, 480)), service="documents")
    assert Image.open(io.BytesIO(read_all(stored.key))).mode == "RGBA"
    preview = Image.open(io.BytesIO(read_all(stored.thumbnail_key)))
    assert (preview.format, preview.size) == ("JPEG", (480, 240))


def test_an_image_that_does_not_decode_is_refused(teacher):
    broken = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x13" * 400
    with pytest.raises(FileTypeRefused):
        services.store(teacher, upload("x.jpg", broken), service="documents")


def test_names_are_sanitised_and_normalised(teacher):
    stored = services.store(
        teacher, upload("../../e\u0301te\u0301 \x00.txt", b"bonjour"), service="documents"
    )
    assert stored.name == "été _.txt"
    assert ".." not in stored.key and "été" not in stored.key


def test_empty_files_are_refused(teacher):
    with pytest.raises(EmptyFile):
        services.store(teacher, upload("vide.txt", b""), service="documents")


@pytest.mark.parametrize(
    ("profile", "service", "limit_mb"),
    [
        ("pupil", "documents", 50),
        ("teacher", "documents", 500),
        ("teacher", "messagerie", 25),
        ("parent", "liaison", 20),
    ],
)
def test_size_limit_by_profile_and_by_service(school_class, settings, profile, service, limit_mb):
    settings.PREAU_UPLOAD_MAX_FAMILY_MB = 50
    pupil = make_pupil(school_class)
    person = {"pupil": pupil, "teacher": make_teacher(school_class), "parent": make_parent(pupil)}[
        profile
    ]
    from preau.storage.selectors import max_upload_bytes

    assert max_upload_bytes(person, service) == limit_mb << 20


def test_too_large_is_refused_before_anything_is_written(teacher, settings, local_files):
    settings.PREAU_UPLOAD_SERVICE_LIMITS_MB = ["messagerie:1"]
    with pytest.raises(FileTooLarge) as refused:
        services.store(
            teacher, io.BytesIO(random_bytes((1 << 20) + 1)), service="messagerie", name="gros.bin"
        )
    assert refused.value.code == "file_too_large"
    assert "1 Mio" in refused.value.message
    assert stored_blobs(local_files) == [] and usage_of(teacher).used == 0


@pytest.mark.parametrize(("profile", "gib"), [("pupil", 1), ("parent", 1), ("teacher", 10)])
def test_default_quotas_by_profile(school_class, profile, gib):
    pupil = make_pupil(school_class)
    person = {"pupil": pupil, "parent": make_parent(pupil), "teacher": make_teacher(school_class)}[
        profile
    ]
    assert usage_of(person).limit == gib << 30


def test_every_stored_byte_is_counted_and_a_full_quota_refuses_with_nothing_left(
    teacher, local_files
):
    Quota.objects.create(user=teacher, limit_bytes=20_000)
    first = services.store(teacher, upload("a.txt", b"x" * 12_000), service="documents")
    assert usage_of(teacher).used == 12_000
    before = stored_blobs(local_files)
    with pytest.raises(QuotaExceeded) as refused:
        services.store(teacher, upload("b.txt", b"y" * 9_000), service="messagerie")
    assert refused.value.code == "quota_exceeded"
    assert "Votre espace de stockage est plein" in refused.value.message
    assert stored_blobs(local_files) == before
    assert list(StoredFile.objects.all()) == [first]
    assert usage_of(teacher).used == 12_000


def test_thumbnails_count_against_the_quota(teacher):
    stored = services.store(teacher, upload("a.png", png_bytes(800, 800)), service="blog")
    assert stored.thumbnail_size > 0
    assert usage_of(teacher).used == stored.size + stored.thumbnail_size


def test_discard_gives_bytes_back_and_removes_blobs(
    teacher, local_files, django_capture_on_commit_callbacks
):
    stored = services.store(teacher, upload("a.png", png_bytes()), service="documents")
    with django_capture_on_commit_callbacks(execute=True):
        services.discard(teacher, [stored])
    assert usage_of(teacher).used == 0
    assert stored_blobs(local_files) == []


def test_copy_is_charged_to_the_new_owner(teacher, school_class):
    other = make_teacher(school_class)
    stored = services.store(teacher, upload("a.txt", b"abc" * 100), service="documents")
    twin = services.copy(other, stored)
    assert read_all(twin.key) == b"abc" * 100
    assert usage_of(other).used == 300 and usage_of(teacher).used == 300


def test_only_people_managing_the_school_change_quotas(teacher, db):
    admin = UserFactory.create(is_superuser=True)
    services.set_quota(admin, teacher, 5 << 30)
    assert usage_of(teacher).limit == 5 << 30
    from preau.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_quota(teacher, teacher, 50 << 30)


def test_usage_reads_in_one_query(teacher, django_assert_num_queries, school_class):
    with django_assert_num_queries(1):
        assert usage_of(teacher) == Usage(used=0, limit=10 << 30)  # no quota row yet
    services.store(teacher, upload("a.txt", b"abc"), service="documents")
    pupil = make_pupil(school_class)
    Quota.objects.create(user=pupil, limit_bytes=5000, used_bytes=1200)
    with django_assert_num_queries(1):
        assert usage_of(teacher) == Usage(used=3, limit=10 << 30)
    with django_assert_num_queries(1):
        assert usage_of(pupil) == Usage(used=1200, limit=5000)
