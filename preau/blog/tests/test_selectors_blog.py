"""The blog's reads run a fixed number of queries, whatever the number of posts and media."""

from typing import Any

import pytest

from preau.blog import selectors
from preau.blog.factories import post_to
from preau.blog.services import add_comment, set_moderation


def _fill(fam: Any, posts: int) -> None:
    set_moderation(fam.teacher, fam.blog, on=True)
    for i in range(posts):
        post = post_to(fam.teacher, fam.blog, title=f"Article {i}", photos=2)
        add_comment(fam.teacher, post, "Publié")
        add_comment(fam.mother, post, "En attente")
        post_to(fam.ana, fam.blog, title=f"Proposé {i}", photos=1)


@pytest.mark.parametrize("posts", [1, 3])
def test_list_selectors_query_counts(fam: Any, posts: int, django_assert_num_queries: Any) -> None:
    _fill(fam, posts)

    with django_assert_num_queries(3):  # count, posts with comment counts, media
        page = selectors.posts_page(fam.blog)
        listed = list(page.object_list)
        assert sum(len(p.media.all()) for p in listed) == 2 * posts
    assert [p.comment_count for p in listed] == [1] * posts
    with django_assert_num_queries(2):
        assert len(selectors.waiting_posts(fam.blog, fam.teacher, True)) == posts
    with django_assert_num_queries(2):
        assert len(selectors.waiting_posts(fam.blog, fam.ana, False)) == posts
    with django_assert_num_queries(1):
        assert len(selectors.pending_comments(fam.blog)) == posts
    with django_assert_num_queries(1):
        assert len(selectors.post_comments(listed[0], fam.leo_parent, False)) == 1
    with django_assert_num_queries(3):  # count, the page's post, its media
        book = selectors.book_page(fam.blog, 1)
        assert [p.title for p in book.object_list] == ["Article 0"]
        assert len(book.object_list[0].media.all()) == 2


def test_the_book_reads_oldest_first_one_post_a_page(fam: Any) -> None:
    for title in ("Septembre", "Octobre", "Novembre"):
        post_to(fam.teacher, fam.blog, title=title)

    pages = [selectors.book_page(fam.blog, n) for n in (1, 2, 3)]

    assert [p.object_list[0].title for p in pages] == ["Septembre", "Octobre", "Novembre"]
    assert (pages[0].has_previous(), pages[0].has_next()) == (False, True)
    assert (pages[2].has_previous(), pages[2].has_next()) == (True, False)
