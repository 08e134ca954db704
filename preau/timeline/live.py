"""The live unread badge: Redis pub/sub pushes in production, htmx polling otherwise.

`push_badges(user_ids)` tells each person's open pages that their counters changed (one Redis
PUBLISH per person, pipelined). `listen(user_id)` is the server-sent-events stream: it yields an
event whenever the person's channel says so, a comment every few seconds to keep proxies from
closing the connection, and stops after `PREAU_LIVE_STREAM_SECONDS` (the browser reconnects).
`alisten` is the same stream for the ASGI live process (deploy/systemd/preau-live.service, ADR
0052): one coroutine per open page instead of one of the WSGI app's few threads.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Generator, Iterable
from typing import Any

from django.conf import settings

PUSH_LIMIT = 10_000  # beyond this, a broadcast's recipients see it at their next poll


def enabled() -> bool:
    return bool(settings.REDIS_URL) and settings.PREAU_LIVE_BADGE == "sse"


def channel(user_id: int) -> str:
    return f"preau:badge:{user_id}"


def _client() -> Any:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def push_badges(user_ids: Iterable[int]) -> int:
    if not enabled():
        return 0
    ids = list(user_ids)[:PUSH_LIMIT]
    client = _client()
    with client.pipeline(transaction=False) as pipe:
        for user_id in ids:
            pipe.publish(channel(user_id), "badge")
        pipe.execute()
    return len(ids)


class Heartbeat:
    """The stream's clock: how long to wait for a push, and the frame to send after waiting
    (the event on a push, a comment every 15 s so that proxies keep the connection)."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.last_beat = time.monotonic()

    def wait(self) -> float:
        return min(self.deadline - time.monotonic(), 1.0)

    def frame(self, message: Any) -> str | None:
        if message is not None:
            return "event: badge\ndata: changed\n\n"
        if time.monotonic() - self.last_beat > 15:
            self.last_beat = time.monotonic()
            return ": keep-alive\n\n"
        return None


def listen(user_id: int, seconds: float | None = None) -> Generator[str, None, None]:
    """Server-sent events for one person: `event: badge` on every change."""
    seconds = settings.PREAU_LIVE_STREAM_SECONDS if seconds is None else seconds
    client = _client()
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(channel(user_id))
    try:
        yield "retry: 5000\n\n"
        beat = Heartbeat(seconds)
        while (wait := beat.wait()) > 0:
            if frame := beat.frame(pubsub.get_message(timeout=wait)):
                yield frame
    finally:
        pubsub.close()
        client.close()


async def alisten(user_id: int, seconds: float | None = None) -> AsyncGenerator[str, None]:
    """`listen` for an ASGI server: waiting for a push holds a coroutine, not a thread."""
    import redis.asyncio as aioredis
    from asgiref.sync import sync_to_async
    from django.db import connections

    # The request's database connection goes back to the pool before the wait: Django would
    # keep it until the stream ends, and the pool's size would cap the open pages. The
    # request's own thread (thread-sensitive context) is the one that holds it.
    await sync_to_async(connections.close_all)()
    seconds = settings.PREAU_LIVE_STREAM_SECONDS if seconds is None else seconds
    client = aioredis.Redis.from_url(settings.REDIS_URL)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(channel(user_id))
    try:
        yield "retry: 5000\n\n"
        beat = Heartbeat(seconds)
        while (wait := beat.wait()) > 0:
            if frame := beat.frame(await pubsub.get_message(timeout=wait)):
                yield frame
    finally:
        await pubsub.aclose()
        await client.aclose()
