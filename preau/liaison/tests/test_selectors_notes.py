import pytest

from preau.liaison import selectors
from preau.liaison.factories import publish_to_class
from preau.liaison.services import sign_note

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 5])
def test_parent_list_is_newest_first_in_one_query(fam, count, django_assert_num_queries):
    notes = [publish_to_class(fam.teacher, fam.cls, title=f"Mot {i}") for i in range(count)]
    sign_note(fam.father, notes[0])
    with django_assert_num_queries(1):
        received = selectors.received_by_parent(fam.mother, fam.ana.pk)
    assert [r.note.title for r in received] == [n.title for n in reversed(notes)]
    assert received[-1].others_signed and not received[-1].signed_at


@pytest.mark.parametrize("count", [1, 5])
def test_author_list_counts_signatures_in_one_query(fam, count, django_assert_num_queries):
    for i in range(count):
        note = publish_to_class(fam.teacher, fam.cls, title=f"Mot {i}")
    sign_note(fam.leo_parent, note)
    with django_assert_num_queries(1):
        written = list(selectors.written_by(fam.teacher))
    newest = written[0]
    assert (newest.signed, newest.expected) == (1, 3)  # type: ignore[attr-defined]
    assert len(written) == count


def test_follow_up_is_one_query_per_note(fam, django_assert_num_queries):
    note = publish_to_class(fam.teacher, fam.cls)
    sign_note(fam.mother, note)
    with django_assert_num_queries(1):
        rows = selectors.follow_up(note)
    assert [(r.pupil.first_name, r.signed, len(r.parents)) for r in rows] == [
        ("Ana", True, 2),
        ("Léo", False, 1),
        ("Zoé", False, 0),
    ]


def test_pupil_sees_the_mots_of_their_class(fam, django_assert_num_queries):
    note = publish_to_class(fam.teacher, fam.cls)
    with django_assert_num_queries(1):
        assert list(selectors.received_by_pupil(fam.leo)) == [note]
