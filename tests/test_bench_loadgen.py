"""The load generator counts a server's failures, not its own stale connections."""

from __future__ import annotations

import asyncio
import gc

from bench.loadgen import Client, Request, closed_loop, open_loop
from bench.scenarios import Measure
from tests.fake_site import post_get_site, run_in_thread

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


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

    assert run_in_thread(run()) == (200, 200)


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

    assert run_in_thread(run()) == 599


async def _open_loop_against(site, requests, seconds):
    """The requests in turn, 100 a second for `seconds`, against `site` on loopback."""
    server, port = await _server(site)
    client = Client("127.0.0.1", port)
    result = await open_loop(client, lambda i: requests[i % len(requests)], 100, seconds)
    client.close()
    server.close()
    return result


def test_each_request_of_a_mix_counts_when_answered_as_it_expects():
    created = b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
    creates_on_post = post_get_site(created, ANSWER)

    requests = [
        Request("GET", "/"),
        Request("POST", "/api/v1/messages", (), b"{}", expect=201),
        Request("POST", "/api/v1/auth/login", (), b"{}"),  # expects 200, gets 201
    ]

    result = run_in_thread(_open_loop_against(creates_on_post, requests, 0.3))
    failed = [s for s in result.samples if not s.ok]
    assert len(result.ok_latencies()) == 2 * len(result.samples) // 3
    assert {s.path for s in failed} == {"/api/v1/auth/login"}
    assert {s.status for s in failed} == {201}


def test_a_refusal_says_whether_preau_or_nginx_answered_it():
    by_app = b"HTTP/1.1 503 Service Unavailable\r\nX-Request-ID: abc\r\nContent-Length: 0\r\n\r\n"
    by_nginx = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
    site = post_get_site(by_nginx, by_app)
    requests = [Request("GET", "/"), Request("POST", "/api/v1/messages", (), b"{}", expect=201)]

    result = run_in_thread(_open_loop_against(site, requests, 0.2))
    seen = Measure(0, 100, 0, 0, 0, len(result.samples), result).error_statuses()
    assert "503×20" in seen
    assert "answered by app ×10, nginx ×10" in seen


def test_the_generator_does_not_stop_to_collect_garbage_while_it_measures():
    """A full collection of the bench's process stopped every request for 86–340 ms, then the
    late ones left in one burst (ADR 0070): no collection may run inside a loop."""
    collecting: list[bool] = []

    def pick(i):
        collecting.append(gc.isenabled())
        return Request("GET", "/")

    async def loops(port):
        client = Client("127.0.0.1", port)
        # Side by side, as S4 runs its senders and the home page: the first to end does not
        # switch the collector back on under the other.
        short = open_loop(client, pick, 100, 0.1)
        await asyncio.gather(short, closed_loop(client, pick, 2, 0.3))
        client.close()
        return gc.isenabled()

    async def run():
        server, port = await _server(post_get_site(ANSWER, ANSWER))
        enabled_after = await loops(port)
        server.close()
        return enabled_after

    assert gc.isenabled()
    assert run_in_thread(run()) is True
    assert collecting and not any(collecting)
