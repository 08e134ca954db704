"""Comments by parents and pupils, held for the teacher when moderation is on."""

from typing import Any

import pytest

from preau.blog import policies, selectors
from preau.blog.errors import NotPending
from preau.blog.factories import post_to
from preau.blog.models import Comment
from preau.blog.services import add_comment, moderate_comment, set_moderation
from preau.core.errors import InvalidInput, PermissionDenied
from preau.timeline.models import Event


@pytest.mark.parametrize("who", ["mother", "father", "leo_parent", "ana", "zoe", "teacher"])
def test_readers_comment_and_it_is_published_without_moderation(fam: Any, who: str) -> None:
    post = post_to(fam.teacher, fam.blog)

    comment = add_comment(getattr(fam, who), post, "Bravo les enfants !")

    assert comment.status == Comment.Status.PUBLISHED
    assert [c.body for c in selectors.post_comments(post, fam.leo_parent, False)] == [
        "Bravo les enfants !"
    ]


@pytest.mark.parametrize("who", ["atsem", "outsider", "outsider_parent"])
def test_people_outside_the_class_cannot_comment(fam: Any, who: str) -> None:
    post = post_to(fam.teacher, fam.blog)

    with pytest.raises(PermissionDenied):
        add_comment(getattr(fam, who), post, "Bonjour")


def test_a_pending_post_cannot_be_commented(fam: Any) -> None:
    with pytest.raises(PermissionDenied):
        add_comment(fam.mother, post_to(fam.ana, fam.blog), "Bravo")


@pytest.mark.parametrize(("who", "held"), [("mother", True), ("ana", True), ("teacher", False)])
def test_with_moderation_on_families_and_pupils_comments_wait(
    fam: Any, who: str, held: bool
) -> None:
    set_moderation(fam.teacher, fam.blog, on=True)
    post = post_to(fam.teacher, fam.blog)

    comment = add_comment(getattr(fam, who), post, "Merci !")

    assert (comment.status == Comment.Status.PENDING) is held
    assert Event.objects.filter(kind="blog.comment_pending").exists() is held
    shown_to_others = selectors.post_comments(post, fam.leo_parent, False)
    assert (comment in shown_to_others) is not held
    assert comment in selectors.post_comments(post, getattr(fam, who), False)


@pytest.mark.parametrize("accept", [True, False])
def test_teacher_accepts_or_refuses_a_held_comment(fam: Any, accept: bool) -> None:
    set_moderation(fam.teacher, fam.blog, on=True)
    post = post_to(fam.teacher, fam.blog)
    comment = add_comment(fam.mother, post, "Merci !")

    moderate_comment(fam.teacher, comment, accept=accept)

    shown = selectors.post_comments(post, fam.leo_parent, False)
    assert (comment in shown) is accept
    with pytest.raises(NotPending):
        moderate_comment(fam.teacher, comment, accept=True)


@pytest.mark.parametrize("who", ["mother", "ana", "atsem"])
def test_only_those_who_run_the_blog_moderate(fam: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        set_moderation(getattr(fam, who), fam.blog, on=True)
    set_moderation(fam.director, fam.blog, on=True)
    comment = add_comment(fam.leo, post_to(fam.teacher, fam.blog), "Super")

    with pytest.raises(PermissionDenied):
        moderate_comment(getattr(fam, who), comment, accept=True)
    assert policies.get_abilities(fam.director, comment)["moderate"] is True


def test_an_empty_or_too_long_comment_is_refused(fam: Any) -> None:
    post = post_to(fam.teacher, fam.blog)

    with pytest.raises(InvalidInput):
        add_comment(fam.mother, post, "   ")
    with pytest.raises(InvalidInput):
        add_comment(fam.mother, post, "x" * 2001)
    assert not Comment.objects.exists()
