"""Writing, publishing and refusing posts of a class blog, with their photos, sounds and videos."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from preau.blog import errors, policies
from preau.blog.models import Blog, Media, Post
from preau.blog.services.events import families_and_pupils, post_event, teachers
from preau.consent.selectors import without_photo_consent
from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.core.errors import InvalidInput, PermissionDenied
from preau.core.richtext import clean_rich_text
from preau.directory.models import SchoolClass
from preau.storage import services as storage
from preau.storage.models import StoredFile

MAX_MEDIA = 20


@dataclass(frozen=True)
class MediaUpload:
    file: Any  # an UploadedFile or any binary file with a name
    caption: str = ""


def ensure_blog(actor: Any, school_class: SchoolClass) -> Blog:
    """The class's blog, created the first time one of its readers opens it."""
    blog = Blog.objects.filter(school_class=school_class).first()
    if blog is not None:
        blog.school_class = school_class  # already loaded by the caller: no second query
        return blog
    if (
        actor is not None
        and not policies.blog_abilities(actor, Blog(school_class=school_class))["view"]
    ):
        raise PermissionDenied()
    with transaction.atomic():
        blog, created = Blog.objects.get_or_create(school_class=school_class)
        if created:
            audit(actor, "blog.created", blog, school_class=school_class.pk)
    return blog


def _kind_of(stored: StoredFile) -> str:
    major = stored.content_type.split("/")[0]
    kinds = {"image": Media.Kind.PHOTO, "audio": Media.Kind.AUDIO, "video": Media.Kind.VIDEO}
    if major not in kinds:
        raise errors.MediaTypeRefused(name=stored.name)
    return kinds[major]


def refusing_pupils(school_class: SchoolClass) -> list[str]:
    """Names of the class's pupils who may not appear on photos (consent refused or unknown)."""
    return [p.list_name for p in without_photo_consent(school_class)]


def _check_photo_consent(post: Post, consent_checked: bool) -> None:
    if consent_checked or not post.media.filter(kind=Media.Kind.PHOTO).exists():
        return
    names = refusing_pupils(post.blog.school_class)
    if names:
        raise errors.PhotoConsentNotChecked(pupils=names)


def _clean(title: str, body: str, media: list[MediaUpload]) -> tuple[str, str]:
    title, clean_body = (title or "").strip(), clean_rich_text(body)
    if not title:
        raise InvalidInput("Donnez un titre à l'article.", field="title")
    if not clean_body and not media:
        raise InvalidInput("Écrivez un texte ou ajoutez une photo, un son ou une vidéo.")
    if len(media) > MAX_MEDIA:
        raise errors.TooManyMedia()
    return title[:200], clean_body


def _store_media(actor: Any, post: Post, media: list[MediaUpload], kept: list[StoredFile]) -> None:
    for position, item in enumerate(media):
        stored = storage.store(actor, item.file, service="blog")
        kept.append(stored)
        kind = _kind_of(stored)
        Media.objects.create(
            post=post, file=stored, kind=kind, caption=item.caption.strip()[:300], position=position
        )


def create_post(
    actor: Any,
    blog: Blog,
    *,
    title: str,
    body: str,
    media: list[MediaUpload] | None = None,
    consent_checked: bool = False,
) -> Post:
    """A teacher's post is published at once; a pupil's waits for a teacher's validation.

    Photos are stored in the author's quota (service "blog"); publishing photos requires
    `consent_checked` when pupils of the class may not appear on photos."""
    media = list(media or [])
    abilities = policies.blog_abilities(actor, blog)
    if not abilities["write"]:
        raise PermissionDenied()
    title, clean_body = _clean(title, body, media)
    publishes = abilities["publish"]
    kept: list[StoredFile] = []
    try:
        with transaction.atomic():
            post = Post.objects.create(
                blog=blog,
                author=actor,
                title=title,
                body=clean_body,
                status=Post.Status.PUBLISHED if publishes else Post.Status.SUBMITTED,
                published_at=timezone.now() if publishes else None,
                published_by=actor if publishes else None,
            )
            _store_media(actor, post, media, kept)
            if publishes:
                _check_photo_consent(post, consent_checked)
            audit(actor, "blog.post.create", post, status=post.status, media=len(media))
            _announce(actor, post)
    except BaseException:
        storage.forget_bytes(kept)
        raise
    return post


def _announce(actor: Any, post: Post) -> None:
    class_id = post.blog.school_class_id
    if post.status == Post.Status.PUBLISHED:
        post_event(actor, "blog.post_published", post, families_and_pupils(class_id))
    elif post.status == Post.Status.SUBMITTED:
        post_event(actor, "blog.post_submitted", post, teachers(class_id))


def _pending(actor: Any, post: Post) -> Post:
    with transaction.atomic():
        locked = (
            Post.objects.select_for_update().select_related("blog__school_class").get(pk=post.pk)
        )
        authorize(policies, actor, "moderate", locked)
        if locked.status != Post.Status.SUBMITTED:
            raise errors.NotPending()
    return locked


def publish_post(actor: Any, post: Post, *, consent_checked: bool = False) -> Post:
    """A teacher publishes a pupil's post after reading it (and checking the photos)."""
    with transaction.atomic():
        post = _pending(actor, post)
        _check_photo_consent(post, consent_checked)
        post.status = Post.Status.PUBLISHED
        post.published_at, post.published_by = timezone.now(), actor
        post.save(update_fields=["status", "published_at", "published_by"])
        audit(actor, "blog.post.publish", post)
        _announce(actor, post)
    return post


def reject_post(actor: Any, post: Post) -> Post:
    """A teacher does not publish a pupil's post (it stays visible to its author)."""
    with transaction.atomic():
        post = _pending(actor, post)
        post.status = Post.Status.REJECTED
        post.save(update_fields=["status"])
        audit(actor, "blog.post.reject", post)
    return post


def delete_post(actor: Any, post: Post) -> None:
    """Those who run the blog remove any post (a photo published by mistake goes at once); a
    pupil removes their own post while it is not published. Media bytes go on commit."""
    with transaction.atomic():
        locked = (
            Post.objects.select_for_update().select_related("blog__school_class").get(pk=post.pk)
        )
        authorize(policies, actor, "delete", locked)
        files = [m.file for m in locked.media.select_related("file")]
        audit(actor, "blog.post.delete", locked, media=len(files), status=locked.status)
        locked.delete()
        storage.discard(actor, files)
