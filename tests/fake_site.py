"""A tiny HTTP/1.1 site for the load generator's tests, and a way to run their event loops."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def run_in_thread(coroutine: Any) -> Any:
    """Run in a thread of its own: a browser test earlier in the same worker may leave
    Playwright's event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def post_get_site(
    post_answer: bytes, get_answer: bytes, seen: list[bytes] | None = None
) -> Handler:
    """Answers every POST (its body read) with `post_answer`, anything else with `get_answer`,
    on kept-alive connections; the request heads go to `seen`."""
    return site_answering(
        lambda head: post_answer if head.startswith(b"POST") else get_answer, seen
    )


def site_answering(answer: Callable[[bytes], bytes], seen: list[bytes] | None = None) -> Handler:
    """Answers each request (a POST's body read) with `answer(its head)`, on kept-alive
    connections; the request heads go to `seen`."""

    async def site(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            if seen is not None:
                seen.append(head)
            if head.startswith(b"POST"):
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
            writer.write(answer(head))
            await writer.drain()
        writer.close()

    return site
