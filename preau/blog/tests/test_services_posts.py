"""Writing and publishing posts: teachers publish, pupils wait, photos respect consents."""

from typing import Any

import pytest

from preau.blog.errors import MediaTypeRefused, NotPending, PhotoConsentNotChecked
from preau.blog.factories import photo, post_to
from preau.blog.models import Media, Post
from preau.blog.services import MediaUpload, create_post, delete_post, publish_post, reject_post
from preau.consent.factories import allow_photos, refuse_photos
from preau.core.errors import InvalidInput, PermissionDenied
from preau.storage.errors import QuotaExceeded
from preau.storage.models import Quota, StoredFile
from preau.storage.testing import pdf_bytes, stored_blobs, upload
from preau.timeline.models import Event


def _audience(kind: str) -> set[int]:
    return set(Event.objects.get(kind=kind).audience["users"])


def test_teachers_post_is_published_and_announced_to_the_class_families_and_pupils(
    fam: Any,
) -> None:
    post = post_to(fam.teacher, fam.blog, photos=2)

    assert post.status == Post.Status.PUBLISHED and post.published_by == fam.teacher
    assert [m.kind for m in post.media.all()] == ["photo", "photo"]
    families = {fam.ana, fam.leo, fam.zoe, fam.mother, fam.father, fam.leo_parent}
    assert _audience("blog.post_published") == {u.pk for u in families}


def test_media_are_stored_in_the_authors_quota_under_the_blog_service(fam: Any) -> None:
    post_to(fam.teacher, fam.blog, photos=1)

    stored = StoredFile.objects.get()
    assert (stored.service, stored.owner_id) == ("blog", fam.teacher.pk)
    assert Quota.objects.get(pk=fam.teacher.pk).used_bytes == stored.charged_bytes


def test_pupils_post_waits_for_validation_and_the_teacher_is_told(fam: Any) -> None:
    post = post_to(fam.ana, fam.blog, photos=1)

    assert post.status == Post.Status.SUBMITTED and post.published_at is None
    assert _audience("blog.post_submitted") == {fam.teacher.pk}
    assert not Event.objects.filter(kind="blog.post_published").exists()


def test_teacher_publishes_a_pupils_post_then_families_are_told(fam: Any) -> None:
    allow_photos(fam.ana, fam.leo, fam.zoe, school=fam.cls.school)
    post = post_to(fam.ana, fam.blog, photos=1)

    publish_post(fam.teacher, post)

    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.published_by == fam.teacher
    assert fam.mother.pk in _audience("blog.post_published")
    with pytest.raises(NotPending):
        publish_post(fam.teacher, post)


def test_teacher_may_refuse_a_pupils_post(fam: Any) -> None:
    post = post_to(fam.ana, fam.blog)

    reject_post(fam.teacher, post)

    assert Post.objects.get(pk=post.pk).status == Post.Status.REJECTED


@pytest.mark.parametrize("who", ["mother", "leo_parent", "atsem", "outsider", "outsider_parent"])
def test_people_who_do_not_run_or_belong_to_the_class_cannot_write(fam: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        post_to(getattr(fam, who), fam.blog)


@pytest.mark.parametrize("who", ["ana", "mother"])
def test_only_those_who_run_the_blog_validate_posts(fam: Any, who: str) -> None:
    post = post_to(fam.leo, fam.blog)

    with pytest.raises(PermissionDenied):
        publish_post(getattr(fam, who), post)


def test_photos_need_the_teachers_check_when_pupils_refused_photos(fam: Any) -> None:
    refuse_photos(fam.ana, school=fam.cls.school)
    allow_photos(fam.leo, fam.zoe, school=fam.cls.school)

    with pytest.raises(PhotoConsentNotChecked) as refused:
        post_to(fam.teacher, fam.blog, photos=1, consent_checked=False)

    assert refused.value.details["pupils"] == [fam.ana.list_name]
    assert not Post.objects.exists() and not StoredFile.objects.exists()
    assert post_to(fam.teacher, fam.blog, photos=1, consent_checked=True).is_published


def test_a_post_without_photo_needs_no_check(fam: Any) -> None:
    refuse_photos(fam.ana, school=fam.cls.school)

    assert post_to(fam.teacher, fam.blog, consent_checked=False).is_published


def test_publishing_a_pupils_photos_needs_the_check_too(fam: Any) -> None:
    refuse_photos(fam.leo, school=fam.cls.school)
    post = post_to(fam.ana, fam.blog, photos=1, consent_checked=False)

    with pytest.raises(PhotoConsentNotChecked):
        publish_post(fam.teacher, post)

    assert Post.objects.get(pk=post.pk).status == Post.Status.SUBMITTED


def test_a_document_is_refused_and_nothing_is_left_behind(fam: Any, local_files: Any) -> None:
    with pytest.raises(MediaTypeRefused):
        create_post(
            fam.teacher,
            fam.blog,
            title="Liste",
            body="La liste",
            media=[MediaUpload(photo()), MediaUpload(upload("liste.pdf", pdf_bytes()))],
        )

    assert not Post.objects.exists() and not Media.objects.exists()
    assert StoredFile.objects.count() == 0 and stored_blobs(local_files) == []
    assert not Quota.objects.filter(pk=fam.teacher.pk, used_bytes__gt=0).exists()


def test_quota_exceeded_is_typed_and_stores_nothing(fam: Any, settings: Any) -> None:
    settings.PREAU_QUOTA_FAMILY_BYTES = 10
    with pytest.raises(QuotaExceeded):
        post_to(fam.ana, fam.blog, photos=1)

    assert not Post.objects.exists() and not StoredFile.objects.exists()


def test_a_post_needs_a_title_and_some_content(fam: Any) -> None:
    with pytest.raises(InvalidInput, match="titre"):
        create_post(fam.teacher, fam.blog, title=" ", body="x")
    with pytest.raises(InvalidInput, match="texte"):
        create_post(fam.teacher, fam.blog, title="Vide", body="<p> </p>")
    assert not Post.objects.exists()


def test_rich_text_is_sanitised(fam: Any) -> None:
    post = create_post(
        fam.teacher,
        fam.blog,
        title="Sortie",
        body='<p onclick="x()">Bravo <strong>à tous</strong><script>alert(1)</script></p>',
    )

    assert post.body == "<p>Bravo <strong>à tous</strong></p>"


@pytest.mark.parametrize(
    ("who", "author", "allowed"),
    [
        ("teacher", "teacher", True),
        ("director", "teacher", True),
        ("teacher", "ana", True),
        ("ana", "ana", True),
        ("leo", "ana", False),
        ("mother", "teacher", False),
        ("outsider_parent", "teacher", False),
    ],
)
def test_deleting_a_post_discards_its_media_bytes(
    fam: Any,
    local_files: Any,
    who: str,
    author: str,
    allowed: bool,
    django_capture_on_commit_callbacks: Any,
) -> None:
    post = post_to(getattr(fam, author), fam.blog, photos=1)

    if not allowed:
        with pytest.raises(PermissionDenied):
            delete_post(getattr(fam, who), post)
        assert Post.objects.filter(pk=post.pk).exists() and len(stored_blobs(local_files)) == 2
        return
    with django_capture_on_commit_callbacks(execute=True):
        delete_post(getattr(fam, who), post)

    assert not Post.objects.exists() and not StoredFile.objects.exists()
    assert stored_blobs(local_files) == []
    assert Quota.objects.get(pk=getattr(fam, author).pk).used_bytes == 0


def test_a_pupil_cannot_delete_their_post_once_published(fam: Any) -> None:
    post = post_to(fam.ana, fam.blog)
    publish_post(fam.teacher, post)

    with pytest.raises(PermissionDenied):
        delete_post(fam.ana, post)


def test_photos_lose_their_gps_and_camera_data(fam: Any) -> None:
    from io import BytesIO

    from PIL import Image

    from preau.storage import blobs
    from preau.storage.testing import jpeg_with_gps

    post = create_post(
        fam.teacher,
        fam.blog,
        title="Sortie",
        body="Au parc",
        media=[MediaUpload(upload("parc.jpg", jpeg_with_gps(), "image/jpeg"))],
        consent_checked=True,
    )

    stored = post.media.get().file
    kept = b"".join(blobs.iter_bytes(stored.key))
    exif = Image.open(BytesIO(kept)).getexif()
    assert not exif.get_ifd(0x8825) and 0x0110 not in exif  # no GPS block, no camera model
