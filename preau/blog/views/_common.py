"""What the blog's pages share: finding the class a person may read, reporting outcomes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest

from preau.blog import policies
from preau.blog.models import Blog
from preau.blog.services import ensure_blog
from preau.core.errors import PreauError
from preau.directory.models import SchoolClass
from preau.directory.policies import Scope


def readable_class(user: Any, scope: Scope, pk: int) -> SchoolClass:
    school_class = policies.readable_classes(user, scope).filter(pk=pk).first()
    if school_class is None:
        raise Http404
    return school_class


def blog_of(user: Any, scope: Scope, pk: int) -> Blog:
    blog = ensure_blog(user, readable_class(user, scope, pk))
    return blog


def run_and_report(request: HttpRequest, action: Callable[[], object], success: str) -> str:
    """Run `action`; a typed error becomes its French message (flashed), else "" ."""
    try:
        action()
    except PreauError as exc:
        messages.error(request, exc.message)
        return exc.message
    messages.success(request, success)
    return ""
