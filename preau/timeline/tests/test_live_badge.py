"""The SSE stream over Redis pub/sub (runs where REDIS_URL is set, as in CI on PostgreSQL)."""

import pytest
from django.conf import settings as django_settings

from preau.timeline import live

pytestmark = pytest.mark.skipif(
    not django_settings.REDIS_URL, reason="REDIS_URL absent : le badge interroge le serveur"
)


def test_a_push_reaches_the_open_stream_of_that_person_only(settings):
    settings.PREAU_LIVE_BADGE = "sse"
    mine, theirs = live.listen(1001, seconds=3), live.listen(1002, seconds=1)
    assert next(mine).startswith("retry:") and next(theirs).startswith("retry:")
    assert live.push_badges([1001]) == 1
    assert next(mine) == "event: badge\ndata: changed\n\n"
    assert list(theirs) == []
    mine.close()


def test_no_push_when_polling(settings):
    settings.PREAU_LIVE_BADGE = "poll"
    assert live.push_badges([1001]) == 0
