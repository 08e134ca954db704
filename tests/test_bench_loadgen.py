"""The load generator counts a server's failures, not its own stale connections."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench.loadgen import Client, Request

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


def _run(coroutine):
    """Run in a thread of its own: a browser test earlier in the same worker may
    leave Playwright's event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _server(handler):
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def test_a_kept_alive_connection_closed_while_idle_is_reopened_not_an_error():
    async def one_answer_then_close(reader, writer):  # like nginx after keepalive_timeout
        await reader.readuntil(b"\r\n\r\n")
        writer.write(ANSWER)
        await writer.drain()
        writer.close()

    async def run():
        server, port = await _server(one_answer_then_close)
        client = Client("127.0.0.1", port)
        first = await client.send(Request("GET", "/"))
        await asyncio.sleep(0.05)
        second = await client.send(Request("GET", "/"))
        client.close()
        server.close()
        return first[0], second[0]

    assert _run(run()) == (200, 200)


def test_a_server_that_drops_a_request_without_answering_is_a_599():
    async def never_answers(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        writer.close()

    async def run():
        server, port = await _server(never_answers)
        client = Client("127.0.0.1", port)
        status = (await client.send(Request("GET", "/")))[0]
        client.close()
        server.close()
        return status

    assert _run(run()) == 599
