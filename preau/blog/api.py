"""Class blog API (issue 7): list a class's posts, write (multipart, with media), publish, comment.

Refusals are typed: `quota_exceeded`, `file_too_large`, `file_type_refused`, `virus_found` from
the storage core, `photo_consent_not_checked` (with the pupils' names), `not_pending`,
`forbidden`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Form, Router, Schema, Status

from preau.blog import policies, selectors, services
from preau.blog.models import Blog, Post
from preau.core.errors import NotFound, PermissionDenied
from preau.directory.policies import Scope, get_scope

router = Router(tags=["blog de classe"])


class ErrorOut(Schema):
    error: str
    message: str


ERRORS: dict[int, Any] = dict.fromkeys((400, 403, 404, 409, 413, 415, 422, 503), ErrorOut)


class MediaOut(Schema):
    id: int
    kind: str
    caption: str
    url: str
    thumbnail_url: str | None


class PostOut(Schema):
    id: int
    title: str
    body: str
    author: str
    status: str
    published_at: datetime | None
    comments: int
    media: list[MediaOut]


class PostsOut(Schema):
    blog: int
    moderate_comments: bool
    posts: list[PostOut]
    waiting: list[PostOut]


class PublishIn(Schema):
    consent_checked: bool = False


class CommentIn(Schema):
    body: str


class CommentOut(Schema):
    id: int
    status: str


def _media_out(post: Post) -> list[dict[str, Any]]:
    out = []
    for m in post.media.all():
        url = reverse("blog:media", args=[m.pk])
        thumb = f"{url}?apercu=1" if m.file.has_thumbnail else None
        out.append(
            {"id": m.pk, "kind": m.kind, "caption": m.caption, "url": url, "thumbnail_url": thumb}
        )
    return out


def _post_out(post: Post) -> dict[str, Any]:
    return {
        "id": post.pk,
        "title": post.title,
        "body": post.body,
        "author": post.author.display_name,
        "status": post.status,
        "published_at": post.published_at,
        "comments": getattr(post, "comment_count", 0),
        "media": _media_out(post),
    }


def _blog(request: HttpRequest, class_id: int) -> tuple[Blog, Scope]:
    scope = get_scope(request.user)
    school_class = policies.readable_classes(request.user, scope).filter(pk=class_id).first()
    if school_class is None:
        raise NotFound()
    return services.ensure_blog(request.user, school_class), scope


def _post(request: HttpRequest, post_id: int) -> Post:
    post = selectors.post_with_media(post_id)
    if post is None or not policies.post_abilities(request.user, post)["view"]:
        raise NotFound()
    return post


@router.get("/blog/classes/{class_id}/posts", response={200: PostsOut, 404: ErrorOut})
def list_posts(request: HttpRequest, class_id: int, page: int = 1) -> dict[str, Any]:
    """Published posts, newest first (10 a page), and those waiting for validation."""
    blog, scope = _blog(request, class_id)
    runs = policies.blog_abilities(request.user, blog, scope)["moderate"]
    return {
        "blog": blog.pk,
        "moderate_comments": blog.moderate_comments,
        "posts": [_post_out(p) for p in selectors.posts_page(blog, page).object_list],
        "waiting": [_post_out(p) for p in selectors.waiting_posts(blog, request.user, runs)],
    }


@router.post("/blog/classes/{class_id}/posts", response={201: PostOut, **ERRORS})
def create_post(
    request: HttpRequest,
    class_id: int,
    title: Form[str],
    body: Form[str] = "",
    caption: Form[str] = "",
    consent_checked: Form[bool] = False,
) -> Status:
    """Multipart: `title`, `body` (rich text), `media` (files, repeatable: photos, sons, vidéos),
    `caption`, `consent_checked`. A teacher's post is published; a pupil's waits for validation."""
    blog, _ = _blog(request, class_id)
    uploads = [services.MediaUpload(f, caption) for f in request.FILES.getlist("media")]
    post = services.create_post(
        request.user,
        blog,
        title=title,
        body=body,
        media=uploads,
        consent_checked=consent_checked,
    )
    return Status(201, _post_out(selectors.post_with_media(post.pk) or post))


@router.post("/blog/posts/{post_id}/publish", response={200: PostOut, **ERRORS})
def publish_post(request: HttpRequest, post_id: int, payload: PublishIn) -> dict[str, Any]:
    post = _post(request, post_id)
    services.publish_post(request.user, post, consent_checked=payload.consent_checked)
    return _post_out(selectors.post_with_media(post_id) or post)


@router.post("/blog/posts/{post_id}/comments", response={201: CommentOut, **ERRORS})
def comment(request: HttpRequest, post_id: int, payload: CommentIn) -> Status:
    """Published at once, or `pending` when the teacher validates comments."""
    post = _post(request, post_id)
    if not policies.post_abilities(request.user, post)["comment"]:
        raise PermissionDenied()
    created = services.add_comment(request.user, post, payload.body)
    return Status(201, {"id": created.pk, "status": created.status})


@router.delete("/blog/posts/{post_id}", response={204: None, **ERRORS})
def delete_post(request: HttpRequest, post_id: int) -> Status:
    """Those who run the blog delete any post; a pupil their own post not yet published."""
    services.delete_post(request.user, _post(request, post_id))
    return Status(204, None)
