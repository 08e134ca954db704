"""Reads of the class blog, shaped for its pages and its API (fixed numbers of queries)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from preau.blog.models import Blog, Comment, Media, Post

POSTS_PER_PAGE = 10


def _with_media(posts: QuerySet[Post]) -> QuerySet[Post]:
    return (
        posts.select_related("author")
        .prefetch_related(Prefetch("media", queryset=Media.objects.select_related("file")))
        .annotate(
            comment_count=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED))
        )
    )


def published_posts(blog: Blog) -> QuerySet[Post]:
    """Published posts, newest first, with media and their count of published comments."""
    return _with_media(blog.posts.filter(status=Post.Status.PUBLISHED)).order_by(
        "-published_at", "-id"
    )


def posts_page(blog: Blog, number: Any = 1) -> Page:
    """One page of the blog (three queries: count, posts, media)."""
    return Paginator(published_posts(blog), POSTS_PER_PAGE).get_page(number)


def waiting_posts(blog: Blog, user: Any, runs: bool) -> list[Post]:
    """Posts waiting for validation: all of them for those who run the blog, else one's own
    (submitted or refused). Two queries."""
    posts = blog.posts.exclude(status=Post.Status.PUBLISHED)
    if not runs:
        posts = posts.filter(author_id=user.pk)
    else:
        posts = posts.filter(status=Post.Status.SUBMITTED)
    return list(_with_media(posts).order_by("-created_at", "-id"))


def pending_comments(blog: Blog) -> list[Comment]:
    """Comments held for validation in this blog, oldest first (one query)."""
    return list(
        Comment.objects.filter(post__blog=blog, status=Comment.Status.PENDING)
        .select_related("author", "post")
        .order_by("created_at", "id")
    )


def post_comments(post: Post, user: Any, runs: bool) -> list[Comment]:
    """Published comments, plus one's own held ones (all held ones for those who run it)."""
    mine = Q(author_id=user.pk) if not runs else Q(status=Comment.Status.PENDING)
    return list(
        post.comments.filter(Q(status=Comment.Status.PUBLISHED) | mine)
        .exclude(status=Comment.Status.REJECTED)
        .select_related("author")
        .order_by("created_at", "id")
    )


def post_with_media(post_id: int) -> Post | None:
    """One post with its blog, class, author and media (two queries)."""
    return (
        Post.objects.select_related("blog__school_class__school", "author")
        .prefetch_related(Prefetch("media", queryset=Media.objects.select_related("file")))
        .filter(pk=post_id)
        .first()
    )


def book_page(blog: Blog, number: Any = 1) -> Page:
    """The cahier multimédia: published posts oldest first, one per page (three queries)."""
    posts = _with_media(blog.posts.filter(status=Post.Status.PUBLISHED)).order_by(
        "published_at", "id"
    )
    return Paginator(posts, 1).get_page(number)


def media_with_post(media_id: int) -> Media | None:
    """A media with what its policy needs (one query)."""
    return (
        Media.objects.select_related("file", "post__blog__school_class").filter(pk=media_id).first()
    )
