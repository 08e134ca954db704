"""Who reads, writes, publishes, comments and moderates a class blog, per profile."""

from typing import Any

import pytest

from preau.blog import policies
from preau.blog.factories import post_to

ALL = ("view", "write", "publish", "comment", "moderate")
RUNS = dict.fromkeys(ALL, True)
NOTHING = dict.fromkeys(ALL, False)
READS = {**NOTHING, "view": True, "comment": True}

BLOG = {
    "teacher": RUNS,
    "director": RUNS,
    "ana": {**READS, "write": True},
    "mother": READS,
    "father": READS,
    "leo_parent": READS,
    "atsem": NOTHING,
    "outsider": NOTHING,
    "outsider_parent": NOTHING,
}


@pytest.mark.parametrize(("who", "expected"), list(BLOG.items()))
def test_blog_abilities_per_profile(
    fam: Any, who: str, expected: dict[str, bool], django_assert_num_queries: Any
) -> None:
    user = getattr(fam, who)
    with django_assert_num_queries(4):  # the directory scope, nothing more
        assert policies.get_abilities(user, fam.blog) == expected


@pytest.mark.parametrize(("who", "expected"), list(BLOG.items()))
def test_visible_blogs_and_posts_per_profile(
    fam: Any, who: str, expected: dict[str, bool], django_assert_num_queries: Any
) -> None:
    published = post_to(fam.teacher, fam.blog, title="Publié")
    post_to(fam.ana, fam.blog, title="Écrit par Ana")
    user = getattr(fam, who)

    # the scope (4) and the blogs, unless the person reads no class at all (the ATSEM)
    with django_assert_num_queries(4 if who == "atsem" else 5):
        blogs = list(policies.visible_to(user))
    titles = {p.title for p in policies.posts_visible_to(user)}

    assert blogs == ([fam.blog] if expected["view"] else [])
    if expected["moderate"] or who == "ana":
        assert titles == {"Publié", "Écrit par Ana"}
    elif expected["view"]:
        assert titles == {published.title}
    else:
        assert titles == set()


@pytest.mark.parametrize("who", ["teacher", "director", "ana", "mother", "leo_parent"])
def test_a_pupils_pending_post_is_read_by_its_author_and_those_who_run_the_blog(
    fam: Any, who: str
) -> None:
    pending = post_to(fam.ana, fam.blog)
    abilities = policies.get_abilities(getattr(fam, who), pending)

    assert abilities["view"] is (who in ("teacher", "director", "ana"))
    assert abilities["publish"] is (who in ("teacher", "director"))
    assert abilities["comment"] is False


@pytest.mark.parametrize("who", ["teacher", "mother", "outsider_parent"])
def test_post_and_comment_abilities_read_only_the_scope(
    fam: Any, who: str, django_assert_num_queries: Any
) -> None:
    from preau.blog import selectors
    from preau.blog.services import add_comment

    post = post_to(fam.teacher, fam.blog)
    comment = add_comment(fam.mother, post, "Bravo")
    loaded = selectors.post_with_media(post.pk)
    comment.post = loaded  # type: ignore[assignment]

    with django_assert_num_queries(4):
        policies.get_abilities(getattr(fam, who), loaded)
    with django_assert_num_queries(4):
        policies.get_abilities(getattr(fam, who), comment)
