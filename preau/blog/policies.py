"""Who reads, writes, publishes, comments and moderates a class blog.

- Read: the class's pupils, their legal representatives (autorité parentale), its teachers and the
  managers of its school (directeur, admin_local). Nobody else: a blog is never public.
- Write a post: teachers and managers (published at once), pupils (held for validation).
- Publish or refuse a pupil's post, moderate comments, switch comment moderation: teachers of the
  class and managers of the school.
- Comment: every reader of a published post; pupils' and parents' comments wait for validation
  when the teacher turned moderation on.
The directory's `Scope` (4 queries) says where the person stands; nothing more is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from preau.blog.models import Blog, Comment, Post
from preau.directory.models import Profile, SchoolClass
from preau.directory.policies import Scope, get_scope

BLOG_ACTIONS = ("view", "write", "publish", "comment", "moderate")
POST_ACTIONS = ("view", "publish", "comment", "moderate", "delete")


@dataclass(frozen=True)
class Role:
    """A person's place towards one class: reader kinds and whether they run the blog."""

    teacher: bool = False
    manager: bool = False
    pupil: bool = False
    parent: bool = False

    @property
    def runs(self) -> bool:
        return self.teacher or self.manager

    @property
    def reads(self) -> bool:
        return self.runs or self.pupil or self.parent


def role_in(scope: Scope, school_class: SchoolClass) -> Role:
    if scope.user_id is None:
        return Role()
    class_id, school_id = school_class.pk, school_class.school_id
    teacher = class_id in scope.taught_class_ids
    pupil = (
        not teacher
        and class_id in scope.member_class_ids
        and Profile.ELEVE in scope.profiles_in(school_id)
    )
    return Role(
        teacher=teacher,
        manager=school_id in scope.managed_school_ids,
        pupil=pupil,
        parent=class_id in scope.children_class_ids,
    )


def _class_ids(scope: Scope) -> frozenset[int]:
    """Classes read as a teacher, a parent or a pupil (the school's managers read them all)."""
    is_pupil = any(p == Profile.ELEVE for _, p in scope.school_profiles)
    pupil_classes = scope.member_class_ids - scope.taught_class_ids if is_pupil else frozenset()
    return scope.taught_class_ids | scope.children_class_ids | pupil_classes


def readable_class_ids_filter(scope: Scope, prefix: str = "") -> Q:
    """The classes whose blog the person reads, as a filter on `prefix`school_class."""
    class_ids = _class_ids(scope)
    return Q(**{f"{prefix}school_class_id__in": class_ids}) | Q(
        **{f"{prefix}school_class__school_id__in": scope.managed_school_ids}
    )


def readable_classes(user: Any, scope: Scope | None = None) -> QuerySet[SchoolClass]:
    """The classes whose blog this person may open (one query once the scope is known)."""
    scope = scope or get_scope(user)
    if scope.user_id is None or scope.is_operator:
        return SchoolClass.objects.none()
    return (
        SchoolClass.objects.filter(
            Q(pk__in=_class_ids(scope)) | Q(school_id__in=scope.managed_school_ids),
            archived_at__isnull=True,
        )
        .select_related("school")
        .order_by("-school_year", "school__name", "name")
    )


def visible_to(user: Any) -> QuerySet[Blog]:
    scope = get_scope(user)
    if scope.user_id is None or scope.is_operator:
        return Blog.objects.none()
    return Blog.objects.filter(readable_class_ids_filter(scope))


def posts_visible_to(user: Any, scope: Scope | None = None) -> QuerySet[Post]:
    """Published posts of readable blogs; pending ones for their author and those who run it."""
    scope = scope or get_scope(user)
    if scope.user_id is None or scope.is_operator:
        return Post.objects.none()
    runs = Q(blog__school_class_id__in=scope.taught_class_ids) | Q(
        blog__school_class__school_id__in=scope.managed_school_ids
    )
    return Post.objects.filter(readable_class_ids_filter(scope, "blog__")).filter(
        Q(status=Post.Status.PUBLISHED) | Q(author_id=scope.user_id) | runs
    )


def blog_abilities(user: Any, blog: Blog, scope: Scope | None = None) -> dict[str, bool]:
    role = role_in(scope or get_scope(user), blog.school_class)
    return {
        "view": role.reads,
        "write": role.runs or role.pupil,
        "publish": role.runs,
        "comment": role.reads,
        "moderate": role.runs,
    }


def post_abilities(user: Any, post: Post, scope: Scope | None = None) -> dict[str, bool]:
    role = role_in(scope or get_scope(user), post.blog.school_class)
    uid = getattr(user, "pk", None)
    published = post.status == Post.Status.PUBLISHED
    return {
        "view": role.reads and (published or role.runs or post.author_id == uid),
        "publish": role.runs and post.status == Post.Status.SUBMITTED,
        "comment": role.reads and published,
        "moderate": role.runs,
        "delete": role.runs or (role.reads and post.author_id == uid and not published),
    }


def comment_abilities(user: Any, comment: Comment, scope: Scope | None = None) -> dict[str, bool]:
    role = role_in(scope or get_scope(user), comment.post.blog.school_class)
    return {
        "view": role.runs
        or (role.reads and comment.status == Comment.Status.PUBLISHED)
        or comment.author_id == getattr(user, "pk", None),
        "moderate": role.runs and comment.status == Comment.Status.PENDING,
    }


def get_abilities(user: Any, obj: Any) -> dict[str, bool]:
    if isinstance(obj, Blog):
        return blog_abilities(user, obj)
    if isinstance(obj, Post):
        return post_abilities(user, obj)
    if isinstance(obj, Comment):
        return comment_abilities(user, obj)
    raise TypeError(f"No blog policy for {type(obj).__name__}")
