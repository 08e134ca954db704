"""One post: reading it, its comments, validating a pupil's post, and serving its media."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from preau.blog import policies, selectors, services
from preau.blog.models import Comment, Media, Post
from preau.blog.services.posts import refusing_pupils
from preau.blog.views._common import run_and_report
from preau.directory.policies import get_scope
from preau.storage.downloads import file_response


def _readable_post(request: HttpRequest, pk: int) -> tuple[Post, dict[str, bool]]:
    post = selectors.post_with_media(pk)
    if post is None:
        raise Http404
    abilities = policies.post_abilities(request.user, post, get_scope(request.user))
    if not abilities["view"]:
        raise Http404
    return post, abilities


@login_required
def post_view(request: HttpRequest, pk: int) -> HttpResponse:
    post, abilities = _readable_post(request, pk)
    has_photos = any(m.kind == Media.Kind.PHOTO for m in post.media.all())
    context: dict[str, Any] = {
        "post": post,
        "school_class": post.blog.school_class,
        "abilities": abilities,
        "comments": selectors.post_comments(post, request.user, abilities["moderate"]),
        "moderated": post.blog.moderate_comments and not abilities["moderate"],
        "no_photo": (
            refusing_pupils(post.blog.school_class) if abilities["publish"] and has_photos else []
        ),
    }
    return render(request, "blog/post.html", context)


@login_required
@require_POST
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    post, _ = _readable_post(request, pk)
    checked = request.POST.get("consent_checked") == "1"
    run_and_report(
        request,
        lambda: services.publish_post(request.user, post, consent_checked=checked),
        "Article publié.",
    )
    return redirect("blog:post", pk)


@login_required
@require_POST
def reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    post, _ = _readable_post(request, pk)
    run_and_report(
        request, lambda: services.reject_post(request.user, post), "L'article n'est pas publié."
    )
    return redirect("blog:blog", post.blog.school_class_id)


@login_required
@require_POST
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    post, _ = _readable_post(request, pk)
    error = run_and_report(
        request, lambda: services.delete_post(request.user, post), "L'article est supprimé."
    )
    if error:
        return redirect("blog:post", pk)
    return redirect("blog:blog", post.blog.school_class_id)


@login_required
@require_POST
def comment_view(request: HttpRequest, pk: int) -> HttpResponse:
    post, _ = _readable_post(request, pk)
    held = post.blog.moderate_comments
    done = (
        "Commentaire envoyé : il sera lu par l'enseignant avant publication."
        if held
        else ("Commentaire publié.")
    )
    run_and_report(
        request,
        lambda: services.add_comment(request.user, post, request.POST.get("body", "")),
        done,
    )
    return redirect("blog:post", pk)


@login_required
@require_POST
def moderate_comment_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("post__blog__school_class"), pk=pk)
    if not policies.comment_abilities(request.user, comment)["view"]:
        raise Http404
    accept = request.POST.get("decision") == "accept"
    run_and_report(
        request,
        lambda: services.moderate_comment(request.user, comment, accept=accept),
        "Commentaire publié." if accept else "Commentaire refusé.",
    )
    if request.POST.get("back") == "post":
        return redirect("blog:post", comment.post_id)
    return redirect("blog:blog", comment.post.blog.school_class_id)


@login_required
def media_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The bytes of a photo, sound or video (or a photo's preview) for the post's readers only."""
    media = selectors.media_with_post(pk)
    if media is None or not policies.post_abilities(request.user, media.post)["view"]:
        raise Http404
    thumbnail = request.GET.get("apercu") == "1" and media.file.has_thumbnail
    return file_response(request, media.file, thumbnail=thumbnail)
