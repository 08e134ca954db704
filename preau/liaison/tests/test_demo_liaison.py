import pytest

from preau.liaison.demo import TITLE, seed_liaison_demo
from preau.liaison.models import Note
from preau.liaison.selectors import received_by_parent
from preau.news.demo import seed_news_demo
from preau.news.selectors import latest_news_for

pytestmark = pytest.mark.django_db


def test_demo_mot_and_news_are_seeded_once(demo):
    assert seed_liaison_demo() is True
    assert seed_liaison_demo() is False
    assert Note.objects.filter(title=TITLE).count() == 1
    leo = demo.eleve
    assert [r.note.title for r in received_by_parent(demo.parent, leo.pk)] == [TITLE]
    assert seed_news_demo() == 2
    assert seed_news_demo() == 0
    assert len(latest_news_for(demo.parent)) == 2
    assert latest_news_for(demo.inspecteur) == []
