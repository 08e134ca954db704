"""The live unread badge: Redis pub/sub pushes in production, htmx polling otherwise.

`push_badges(user_ids)` tells each person's open pages that their counters changed (one Redis
PUBLISH per person, pipelined). `listen(user_id)` is the server-sent-events stream: it yields an
event whenever the person's channel says so, a comment every few seconds to keep proxies from
closing the connection, and stops after `PREAU_LIVE_STREAM_SECONDS` (the browser reconnects), so
a worker thread is never held for long.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable
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


def listen(user_id: int, seconds: float | None = None) -> Generator[str, None, None]:
    """Server-sent events for one person: `event: badge` on every change."""
    seconds = settings.PREAU_LIVE_STREAM_SECONDS if seconds is None else seconds
    client = _client()
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(channel(user_id))
    try:
        yield "retry: 5000\n\n"
        deadline = time.monotonic() + seconds
        last_beat = time.monotonic()
        while (left := deadline - time.monotonic()) > 0:
            message = pubsub.get_message(timeout=min(left, 1.0))
            if message is not None:
                yield "event: badge\ndata: changed\n\n"
            elif time.monotonic() - last_beat > 15:
                last_beat = time.monotonic()
                yield ": keep-alive\n\n"
    finally:
        pubsub.close()
        client.close()
