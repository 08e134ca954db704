"""Class blog test data: a class with families and an outside family; posts through the service."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from preau.blog.models import Blog, Post
from preau.blog.services import MediaUpload, create_post, ensure_blog
from preau.directory.factories import ClassMembershipFactory, UserFactory, make_parent, make_pupil
from preau.directory.models import ClassMembership, Profile, ProfileAssignment
from preau.liaison.factories import make_class_with_families
from preau.storage.testing import png_bytes, upload


def make_blog_class(school_class: Any) -> SimpleNamespace:
    """The carnet's class (teacher, director, Ana, Léo, Zoé and parents), its blog, an ATSEM of
    the class, and a pupil of another class with his mother (who must never see this blog)."""
    fam = make_class_with_families(school_class)
    fam.blog = ensure_blog(None, school_class)
    fam.atsem = UserFactory.create(first_name="Rose", last_name="Atsem")
    ProfileAssignment.objects.create(
        user=fam.atsem, profile=Profile.PERSONNEL, school=school_class.school
    )
    ClassMembershipFactory.create(
        user=fam.atsem, school_class=school_class, role=ClassMembership.Role.PERSONNEL
    )
    fam.outsider = make_pupil(fam.other_class, first_name="Jules", last_name="Ailleurs")
    fam.outsider_parent = make_parent(
        fam.outsider, first_name="Nadia", last_name="Ailleurs", email="nadia@example.org"
    )
    return fam


def photo(name: str = "sortie.png") -> Any:
    return upload(name, png_bytes(320, 200), "image/png")


def post_to(
    author: Any,
    blog: Blog,
    *,
    title: str = "Notre sortie au jardin",
    photos: int = 0,
    consent_checked: bool = True,
) -> Post:
    return create_post(
        author,
        blog,
        title=title,
        body="Nous avons planté des radis.",
        media=[MediaUpload(photo(f"photo-{i}.png"), "Les radis") for i in range(photos)],
        consent_checked=consent_checked,
    )
