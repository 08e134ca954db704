"""The cheaper CSP, locale and messages middlewares (ADR 0062) answer as the originals do."""

from __future__ import annotations

from typing import Any

import pytest
from csp.constants import NONCE
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.functional import empty

from preau.core.middleware import CSPMiddleware, LazyMessageMiddleware, OneLanguageLocaleMiddleware


def _answer(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def _through(middleware_class: Any, request: HttpRequest, answer: Any = _answer) -> Any:
    """The response of `middleware_class` around `answer` (typed Any: Django's middlewares may
    answer an awaitable, never here)."""
    return middleware_class(answer)(request)


def test_a_page_carries_the_policy_of_the_settings_as_django_csp_builds_it():
    request = RequestFactory().get("/")
    ours = _through(CSPMiddleware, request)
    theirs = _through(DjangoCSPMiddleware, RequestFactory().get("/"))
    assert ours["Content-Security-Policy"] == theirs["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in ours["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in ours


def test_changed_settings_change_the_header_at_once(settings):
    middleware: Any = CSPMiddleware(_answer)
    before = middleware(RequestFactory().get("/"))["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"img-src": ["'self'"]},
        "EXCLUDE_URL_PREFIXES": ["/rapport/"],
    }
    after = middleware(RequestFactory().get("/"))
    assert before != after["Content-Security-Policy"] == "default-src 'self'"
    assert "img-src 'self'" in after["Content-Security-Policy-Report-Only"]
    excluded = middleware(RequestFactory().get("/rapport/x"))
    assert "Content-Security-Policy-Report-Only" not in excluded


def test_a_response_with_its_own_policy_keeps_it():
    def own(request: HttpRequest) -> HttpResponse:
        response = HttpResponse()
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    response = _through(CSPMiddleware, RequestFactory().get("/"), own)
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize("attribute", ["_csp_update", "_csp_replace"])
def test_a_view_that_changes_the_policy_gets_its_own(attribute):
    def changed(request: HttpRequest) -> HttpResponse:
        response = HttpResponse()
        setattr(response, attribute, {"img-src": ["https://cartes.example.org"]})
        return response

    response = _through(CSPMiddleware, RequestFactory().get("/"), changed)
    assert "https://cartes.example.org" in response["Content-Security-Policy"]


def test_a_nonce_drawn_by_the_page_is_in_its_header(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}

    def with_nonce(request: HttpRequest) -> HttpResponse:
        if request.path == "/sans-nonce/":
            return HttpResponse()
        return HttpResponse(str(request.csp_nonce))  # type: ignore[attr-defined]

    middleware: Any = CSPMiddleware(with_nonce)
    response = middleware(RequestFactory().get("/"))
    nonce = response.content.decode()
    assert f"script-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]
    plain = middleware(RequestFactory().get("/sans-nonce/"))  # drew none: the memoised header
    assert "nonce" not in plain["Content-Security-Policy"]
    assert "script-src 'self'" in plain["Content-Security-Policy"]


@pytest.mark.django_db
def test_every_page_is_in_french_whatever_the_browser_asks(client: Client):
    response = client.get("/compte/connexion/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" in response["Vary"]
    assert "Connexion" in response.content.decode()


def test_with_several_languages_the_browser_chooses_as_with_django(settings):
    settings.LANGUAGES = [("fr", "Français"), ("en", "English")]
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en")
    try:
        response = _through(OneLanguageLocaleMiddleware, request)
        assert request.LANGUAGE_CODE == "en"
        assert response["Content-Language"] == "en"
    finally:
        translation.activate("fr")


def _with_session(request: HttpRequest) -> HttpRequest:
    SessionMiddleware(_answer).process_request(request)
    return request


def test_a_request_that_never_touches_messages_builds_no_storage():
    request = _with_session(RequestFactory().get("/"))
    response = _through(LazyMessageMiddleware, request)
    assert request._messages.__dict__["_wrapped"] is empty  # type: ignore[attr-defined]
    assert "messages" not in response.cookies


def test_a_message_added_by_a_view_reaches_the_next_page():
    def adds(request: HttpRequest) -> HttpResponse:
        messages.success(request, "Le document est partagé.")
        return HttpResponse()

    first = _with_session(RequestFactory().get("/"))
    response = _through(LazyMessageMiddleware, first, adds)
    cookie = response.cookies["messages"].value

    def reads(request: HttpRequest) -> HttpResponse:
        return HttpResponse(" ".join(str(m) for m in messages.get_messages(request)))

    second = _with_session(RequestFactory().get("/", HTTP_COOKIE=f"messages={cookie}"))
    second.COOKIES["messages"] = cookie
    shown = _through(LazyMessageMiddleware, second, reads)
    assert shown.content.decode() == "Le document est partagé."
    assert issubclass(LazyMessageMiddleware, MessageMiddleware)  # admin's check (admin.E409)
