"""The benchmark's signed-in browsers send their session and CSRF cookies, as a browser does."""

from __future__ import annotations

import asyncio

from bench.loadgen import Client
from bench.scenarios import open_sessions
from tests.fake_site import post_get_site, run_in_thread

LOGIN_ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
    b"Set-Cookie: preau_session=s3ss10n; HttpOnly; Path=/; SameSite=Lax\r\n\r\nok"
)
HOME_ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
    b"Set-Cookie: csrftoken=t0k3n; expires=Sun, 05 Dec 2027 13:00:00 GMT; Path=/\r\n\r\nok"
)


def test_a_session_carries_the_csrf_cookie_of_its_first_page():
    seen: list[bytes] = []
    site = post_get_site(LOGIN_ANSWER, HOME_ANSWER, seen)

    async def run():
        server = await asyncio.start_server(site, "127.0.0.1", 0)
        client = Client("127.0.0.1", server.sockets[0].getsockname()[1])
        cookies = await open_sessions(client, ["lea.martin"], "secret")
        client.close()
        server.close()
        return cookies

    assert run_in_thread(run()) == ["preau_session=s3ss10n; csrftoken=t0k3n"]
    assert seen[1].startswith(b"GET / ") and b"Cookie: preau_session=s3ss10n" in seen[1]
