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


@pytest.mark.django_db(transaction=True)
def test_under_asgi_the_stream_waits_in_a_coroutine_and_a_push_reaches_it(settings):
    """The live process (config/asgi.py, ADR 0052) streams without holding a thread."""
    import asyncio
    from collections.abc import AsyncIterator
    from concurrent.futures import ThreadPoolExecutor
    from typing import cast

    from asgiref.sync import sync_to_async
    from django.db import connections
    from django.http import StreamingHttpResponse
    from django.test import AsyncClient
    from django.urls import reverse

    from preau.directory.factories import UserFactory

    settings.PREAU_LIVE_BADGE = "sse"
    settings.PREAU_LIVE_STREAM_SECONDS = 3
    user = UserFactory.create()

    async def scenario() -> list[bytes]:
        client = AsyncClient()
        await client.aforce_login(user)
        response = cast(StreamingHttpResponse, await client.get(reverse("timeline:stream")))
        assert response.status_code == 200
        assert response.is_async  # an async iterator: no thread per open page
        stream = aiter(cast(AsyncIterator[bytes], response.streaming_content))
        first = await anext(stream)
        await sync_to_async(live.push_badges)([user.pk])
        event = await anext(stream)
        await sync_to_async(connections.close_all)()  # the handler's thread, for teardown
        return [first, event]

    # Its own thread: a browser test of the same worker may have left an event loop running here.
    with ThreadPoolExecutor(1) as thread:
        first, event = thread.submit(asyncio.run, scenario()).result(timeout=30)
    assert first.startswith(b"retry:")
    assert event == b"event: badge\ndata: changed\n\n"
