"""What the blog publishes to the fil de nouveautés.

Titles are generic and events carry a link only: the timeline mails nothing but the title and the
address, so no photo (nor thumbnail) of a class ever leaves the ENT by mail — the droit à l'image
of pupils whose families refused photos holds for every notification (rules.md §9.2)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from preau.blog.models import Post
from preau.directory.models import ClassMembership, ParentLink
from preau.timeline.services import publish

TITLES = {
    "blog.post_published": "Un nouvel article dans le blog de la classe",
    "blog.post_submitted": "Un article d'élève attend votre validation",
    "blog.comment_pending": "Un commentaire attend votre validation",
}


def _current(role: str, class_id: int) -> Any:
    return ClassMembership.objects.filter(
        school_class_id=class_id, role=role, ended_at__isnull=True
    ).values("user_id")


def families_and_pupils(class_id: int) -> list[int]:
    """The class's pupils and their legal representatives (two queries)."""
    pupils = _current(ClassMembership.Role.ELEVE, class_id)
    rows = ParentLink.objects.filter(child_id__in=pupils, parental_authority=True).values_list(
        "parent_id", "child_id"
    )
    ids: set[int] = set()
    for parent_id, child_id in rows:
        ids.update((parent_id, child_id))
    ids.update(pupils.values_list("user_id", flat=True))
    return sorted(ids)


def teachers(class_id: int) -> list[int]:
    return list(
        _current(ClassMembership.Role.ENSEIGNANT, class_id).values_list("user_id", flat=True)
    )


def post_event(actor: Any, kind: str, post: Post, users: list[int]) -> None:
    """Publish `kind` about `post` (inside the write; delivered after commit)."""
    if users:
        url = reverse("blog:post", args=[post.pk])
        publish(kind, actor=actor, title=TITLES[kind], url=url, users=users)
