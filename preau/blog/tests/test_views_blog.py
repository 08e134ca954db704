"""The blog's pages: who sees what, photo warnings, media downloads, pinned query counts."""

from typing import Any

import pytest
from django.urls import reverse

from preau.blog.factories import photo, post_to
from preau.blog.models import Media, Post
from preau.consent.factories import allow_photos, refuse_photos
from preau.core.testing.fixtures import session_read_queries

READERS = ["teacher", "director", "ana", "mother", "leo_parent"]
OUTSIDERS = ["atsem", "outsider", "outsider_parent"]


@pytest.mark.parametrize("who", READERS + OUTSIDERS)
def test_blog_post_and_photo_are_seen_by_the_class_only(client: Any, fam: Any, who: str) -> None:
    post = post_to(fam.teacher, fam.blog, title="Au jardin", photos=1)
    media = post.media.get()
    client.force_login(getattr(fam, who))

    blog = client.get(reverse("blog:blog", args=[fam.cls.pk]))
    detail = client.get(reverse("blog:post", args=[post.pk]))
    thumb = client.get(reverse("blog:media", args=[media.pk]) + "?apercu=1")

    if who in READERS:
        assert "Au jardin" in blog.content.decode() and detail.status_code == 200
        assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    else:
        assert (blog.status_code, detail.status_code, thumb.status_code) == (404, 404, 404)


def test_teacher_publishes_with_photos_after_seeing_who_may_not_appear(
    client: Any, fam: Any
) -> None:
    refuse_photos(fam.ana, school=fam.cls.school)
    allow_photos(fam.leo, fam.zoe, school=fam.cls.school)
    client.force_login(fam.teacher)
    url = reverse("blog:compose", args=[fam.cls.pk])

    form = client.get(url).content.decode()
    assert fam.ana.list_name in form and fam.leo.list_name not in form

    refused = client.post(url, {"title": "Sortie", "body": "Au parc", "media": [photo()]})
    assert refused.status_code == 400 and "cochez la case" in refused.content.decode()
    done = client.post(
        url, {"title": "Sortie", "body": "Au parc", "media": [photo()], "consent_checked": "1"}
    )
    post = Post.objects.get()
    assert done.status_code == 302 and post.is_published and post.media.count() == 1


def test_pupil_sends_a_post_that_the_teacher_validates(client: Any, fam: Any) -> None:
    client.force_login(fam.ana)
    client.post(reverse("blog:compose", args=[fam.cls.pk]), {"title": "Mon dessin", "body": "Vu"})
    post = Post.objects.get()
    assert post.status == Post.Status.SUBMITTED
    client.force_login(fam.mother)
    assert "Mon dessin" not in client.get(reverse("blog:blog", args=[fam.cls.pk])).content.decode()

    client.force_login(fam.teacher)
    waiting = client.get(reverse("blog:blog", args=[fam.cls.pk])).content.decode()
    assert "Articles d'élèves à valider" in waiting and "Mon dessin" in waiting
    client.post(reverse("blog:publish", args=[post.pk]))

    client.force_login(fam.mother)
    assert "Mon dessin" in client.get(reverse("blog:blog", args=[fam.cls.pk])).content.decode()


def test_parent_comments_and_teacher_moderates(client: Any, fam: Any) -> None:
    fam.blog.moderate_comments = True
    fam.blog.save()
    post = post_to(fam.teacher, fam.blog)
    client.force_login(fam.mother)
    client.post(reverse("blog:comment", args=[post.pk]), {"body": "Merci pour les photos"})
    client.force_login(fam.leo_parent)
    assert "Merci pour" not in client.get(reverse("blog:post", args=[post.pk])).content.decode()

    client.force_login(fam.teacher)
    comment = post.comments.get()
    client.post(reverse("blog:moderate_comment", args=[comment.pk]), {"decision": "accept"})

    client.force_login(fam.leo_parent)
    assert "Merci pour" in client.get(reverse("blog:post", args=[post.pk])).content.decode()


def test_parent_from_a_childs_tile_lands_on_the_childs_class_blog(client: Any, fam: Any) -> None:
    client.force_login(fam.mother)

    response = client.get(reverse("blog:home") + f"?enfant={fam.ana.pk}")

    assert response["Location"] == reverse("blog:blog", args=[fam.cls.pk])


def test_media_download_streams_the_bytes_for_readers(client: Any, fam: Any) -> None:
    media = post_to(fam.teacher, fam.blog, photos=1).media.get()
    client.force_login(fam.leo_parent)

    response = client.get(reverse("blog:media", args=[media.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("posts", [1, 4])
def test_blog_and_book_pages_query_counts_do_not_grow(
    client: Any, fam: Any, posts: int, django_assert_num_queries: Any
) -> None:
    for i in range(posts):
        post_to(fam.teacher, fam.blog, title=f"Article {i}", photos=2)
    client.force_login(fam.mother)
    client.get(reverse("blog:blog", args=[fam.cls.pk]))

    # user, scope (4), class, blog, page (3), waiting (1 when none)
    with django_assert_num_queries(11 + session_read_queries()):
        client.get(reverse("blog:blog", args=[fam.cls.pk]))
    # user, scope (4), class, blog, book page (3)
    with django_assert_num_queries(10 + session_read_queries()):
        client.get(reverse("blog:book", args=[fam.cls.pk]) + "?page=2")
    post = Post.objects.first()
    # user, post + media, scope (4), comments
    with django_assert_num_queries(8 + session_read_queries()):
        client.get(reverse("blog:post", args=[post.pk]))  # type: ignore[union-attr]
    assert Media.objects.count() == 2 * posts
