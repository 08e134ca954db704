"""Comments of parents and pupils on published posts, and their moderation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from preau.blog import errors, policies
from preau.blog.models import Blog, Comment, Post
from preau.blog.services.events import post_event, teachers
from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.core.errors import InvalidInput, PermissionDenied

MAX_COMMENT_CHARS = 2000


def add_comment(actor: Any, post: Post, body: str) -> Comment:
    """Published at once, or held for the teacher when moderation is on (except for those who
    run the blog, whose comments are never held)."""
    abilities = policies.post_abilities(actor, post)
    if not abilities["comment"]:
        raise PermissionDenied()
    body = (body or "").strip()
    if not body:
        raise InvalidInput("Écrivez votre commentaire.", field="body")
    if len(body) > MAX_COMMENT_CHARS:
        raise InvalidInput("Un commentaire fait au plus 2 000 caractères.", field="body")
    held = post.blog.moderate_comments and not abilities["moderate"]
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            author=actor,
            body=body,
            status=Comment.Status.PENDING if held else Comment.Status.PUBLISHED,
        )
        audit(actor, "blog.comment.create", comment, post=post.pk, status=comment.status)
        if held:
            post_event(actor, "blog.comment_pending", post, teachers(post.blog.school_class_id))
    return comment


def moderate_comment(actor: Any, comment: Comment, *, accept: bool) -> Comment:
    with transaction.atomic():
        locked = (
            Comment.objects.select_for_update()
            .select_related("post__blog__school_class")
            .get(pk=comment.pk)
        )
        if locked.status != Comment.Status.PENDING:
            raise errors.NotPending()
        authorize(policies, actor, "moderate", locked)
        locked.status = Comment.Status.PUBLISHED if accept else Comment.Status.REJECTED
        locked.moderated_by, locked.moderated_at = actor, timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at"])
        audit(actor, "blog.comment.moderate", locked, accepted=accept)
    return locked


def set_moderation(actor: Any, blog: Blog, *, on: bool) -> Blog:
    """The teacher decides whether comments wait for validation before others read them."""
    authorize(policies, actor, "moderate", blog)
    with transaction.atomic():
        blog.moderate_comments = bool(on)
        blog.save(update_fields=["moderate_comments"])
        audit(actor, "blog.moderation", blog, on=bool(on))
    return blog
