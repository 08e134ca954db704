"""The blog's pages: the classes one reads, a class's blog, writing a post, the book view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from preau.blog import policies, selectors, services
from preau.blog.services.posts import refusing_pupils
from preau.blog.views._common import blog_of, run_and_report
from preau.core.errors import PreauError
from preau.directory.models import ClassMembership
from preau.directory.policies import get_scope


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """The blogs one reads; from a child's tile (`?enfant=`), that child's class blog."""
    scope = get_scope(request.user)
    classes = policies.readable_classes(request.user, scope)
    child = request.GET.get("enfant", "")
    if child.isdigit() and int(child) in scope.child_ids:
        classes = classes.filter(
            memberships__user_id=int(child),
            memberships__role=ClassMembership.Role.ELEVE,
            memberships__ended_at__isnull=True,
        )
    found = list(classes)
    if child and len(found) == 1:
        return redirect("blog:blog", found[0].pk)
    return render(request, "blog/home.html", {"classes": found})


@login_required
def blog_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    blog = blog_of(request.user, scope, pk)
    abilities = policies.blog_abilities(request.user, blog, scope)
    context: dict[str, Any] = {
        "blog": blog,
        "school_class": blog.school_class,
        "abilities": abilities,
        "page": selectors.posts_page(blog, request.GET.get("page", 1)),
        "waiting": selectors.waiting_posts(blog, request.user, abilities["moderate"]),
    }
    if abilities["moderate"]:
        context["pending_comments"] = selectors.pending_comments(blog)
    return render(request, "blog/blog.html", context)


@login_required
def compose_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    blog = blog_of(request.user, scope, pk)
    abilities = policies.blog_abilities(request.user, blog, scope)
    if not abilities["write"]:
        return redirect("blog:blog", pk)
    data = {"title": "", "body": "", "caption": ""}
    error = ""
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in data}
        caption = data["caption"]
        uploads = [
            services.MediaUpload(f, caption) for f in request.FILES.getlist("media") if f.size
        ]
        try:
            post = services.create_post(
                request.user,
                blog,
                title=data["title"],
                body=data["body"],
                media=uploads,
                consent_checked=request.POST.get("consent_checked") == "1",
            )
        except PreauError as exc:
            error = exc.message
        else:
            done = "Article publié." if post.is_published else "Article envoyé pour validation."
            messages.success(request, done)
            return redirect("blog:post", post.pk)
    context = {
        "blog": blog,
        "school_class": blog.school_class,
        "abilities": abilities,
        "data": data,
        "error": error,
        "no_photo": refusing_pupils(blog.school_class) if abilities["publish"] else [],
    }
    return render(request, "blog/compose.html", context, status=400 if error else 200)


@login_required
@require_POST
def moderation_view(request: HttpRequest, pk: int) -> HttpResponse:
    blog = blog_of(request.user, get_scope(request.user), pk)
    on = request.POST.get("on") == "1"
    done = "Les commentaires seront validés avant publication." if on else "Modération désactivée."
    run_and_report(request, lambda: services.set_moderation(request.user, blog, on=on), done)
    return redirect("blog:blog", pk)


@login_required
def book_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    blog = blog_of(request.user, scope, pk)
    page = selectors.book_page(blog, request.GET.get("page", 1))
    context = {"blog": blog, "school_class": blog.school_class, "page": page}
    return render(request, "blog/book.html", context)
