"""The blog API: list, write (multipart with media), publish, comment; typed refusals."""

from typing import Any

import pytest

from preau.blog.factories import photo, post_to
from preau.blog.models import Comment, Post
from preau.consent.factories import allow_photos, refuse_photos
from preau.core.testing.fixtures import session_read_queries

pytestmark = pytest.mark.django_db


def _as(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def _posts_url(fam: Any) -> str:
    return f"/api/v1/blog/classes/{fam.cls.pk}/posts"


def test_teacher_posts_with_a_photo_after_the_consent_check(client: Any, fam: Any) -> None:
    refuse_photos(fam.zoe, school=fam.cls.school)
    allow_photos(fam.ana, fam.leo, school=fam.cls.school)
    api = _as(client, fam.teacher)

    refused = api.post(_posts_url(fam), {"title": "Kermesse", "media": [photo()]})
    assert refused.status_code == 422
    assert refused.json()["error"] == "photo_consent_not_checked"
    assert refused.json()["pupils"] == [fam.zoe.list_name]

    created = api.post(
        _posts_url(fam), {"title": "Kermesse", "media": [photo()], "consent_checked": "true"}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "published" and body["media"][0]["kind"] == "photo"
    assert body["media"][0]["thumbnail_url"].endswith("?apercu=1")


def test_a_document_is_refused_with_a_typed_error(client: Any, fam: Any) -> None:
    from preau.storage.testing import pdf_bytes, upload

    response = _as(client, fam.teacher).post(
        _posts_url(fam), {"title": "Liste", "media": [upload("liste.pdf", pdf_bytes())]}
    )

    assert (response.status_code, response.json()["error"]) == (415, "file_type_refused")
    assert not Post.objects.exists()


def test_pupils_post_waits_then_the_teacher_publishes_it(client: Any, fam: Any) -> None:
    created = _as(client, fam.ana).post(_posts_url(fam), {"title": "Mon poème", "body": "Vers"})
    assert created.json()["status"] == "submitted"
    post_id = created.json()["id"]
    assert _as(client, fam.mother).get(_posts_url(fam)).json()["posts"] == []

    published = _as(client, fam.teacher).post(
        f"/api/v1/blog/posts/{post_id}/publish", {}, content_type="application/json"
    )
    assert published.json()["status"] == "published"
    assert [p["title"] for p in _as(client, fam.mother).get(_posts_url(fam)).json()["posts"]] == [
        "Mon poème"
    ]


@pytest.mark.parametrize(
    ("who", "status"), [("mother", 201), ("ana", 201), ("outsider_parent", 404), ("atsem", 404)]
)
def test_comment_per_profile(client: Any, fam: Any, who: str, status: int) -> None:
    post = post_to(fam.teacher, fam.blog)

    response = _as(client, getattr(fam, who)).post(
        f"/api/v1/blog/posts/{post.pk}/comments",
        {"body": "Bravo"},
        content_type="application/json",
    )

    assert response.status_code == status
    assert Comment.objects.exists() is (status == 201)


def test_a_comment_is_pending_when_the_teacher_moderates(client: Any, fam: Any) -> None:
    fam.blog.moderate_comments = True
    fam.blog.save()
    post = post_to(fam.teacher, fam.blog)

    response = _as(client, fam.mother).post(
        f"/api/v1/blog/posts/{post.pk}/comments", {"body": "Merci"}, content_type="application/json"
    )

    assert response.json()["status"] == "pending"


@pytest.mark.parametrize("who", ["outsider_parent", "atsem", "outsider"])
def test_people_outside_the_class_cannot_list_or_write(client: Any, fam: Any, who: str) -> None:
    post_to(fam.teacher, fam.blog)
    api = _as(client, getattr(fam, who))

    assert api.get(_posts_url(fam)).status_code == 404
    assert api.post(_posts_url(fam), {"title": "Intrus"}).status_code == 404


@pytest.mark.parametrize("posts", [1, 3])
def test_list_query_count_does_not_grow(
    client: Any, fam: Any, posts: int, django_assert_num_queries: Any
) -> None:
    for i in range(posts):
        post_to(fam.teacher, fam.blog, title=f"Article {i}", photos=2)
    api = _as(client, fam.mother)
    api.get(_posts_url(fam))

    # user, scope (4), class, blog, page (3), waiting (1 when none)
    with django_assert_num_queries(11 + session_read_queries()):
        listing = api.get(_posts_url(fam)).json()
    assert len(listing["posts"]) == posts


@pytest.mark.parametrize(("who", "status"), [("teacher", 204), ("mother", 403), ("outsider", 404)])
def test_delete_a_post_per_profile(client: Any, fam: Any, who: str, status: int) -> None:
    post = post_to(fam.teacher, fam.blog, photos=1)

    response = _as(client, getattr(fam, who)).delete(f"/api/v1/blog/posts/{post.pk}")

    assert response.status_code == status
    assert Post.objects.exists() is (status != 204)
