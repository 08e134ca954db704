"""Request id, the security headers Django does not set by itself, and cheaper versions of three
of Django's and django-csp's middlewares that did per-request work whose result never changes
(ADR 0062)."""

import re
import uuid
from collections.abc import Callable
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

from preau.core.logging import request_id_var

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Takes nginx's X-Request-ID when it is sane, otherwise makes one; echoes it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # From META: `request.headers` would build a dict of every header for this one.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # A response that already says how to cache it keeps its word, and asking whether the
        # person is signed in would load them for nothing (a probe sent with a session cookie).
        if "Cache-Control" not in response and _signed_in(request):
            response["Cache-Control"] = "private, no-store"
        return response


_CSP_OVERRIDES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's middleware, with the policy built once per settings instead of per response.

    django-csp rebuilds both headers (the policy and the report-only one) from the settings for
    every response. Without a nonce drawn by the request and without a view's `@csp_update`,
    `@csp_replace` or `@csp` (which take django-csp's own path, unchanged), the headers depend
    on the settings only: they are built again only when the settings objects change
    (`override_settings` in tests); a settings dict changed in place is not noticed."""

    _built: tuple[Any, Any, str, str, tuple[str, ...], tuple[str, ...]] | None = None

    def _policies(self) -> tuple[Any, Any, str, str, tuple[str, ...], tuple[str, ...]]:
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built[0] is not config or built[1] is not report_only:
            built = self._built = (
                config,
                report_only,
                build_policy(),
                build_policy(report_only=True),
                tuple((config or {}).get("EXCLUDE_URL_PREFIXES", None) or ()),
                tuple((report_only or {}).get("EXCLUDE_URL_PREFIXES", None) or ()),
            )
        return built

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        nonce_drawn = getattr(request, "_csp_nonce", None) is not None
        if nonce_drawn or any(getattr(response, name, None) is not None for name in _CSP_OVERRIDES):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # django-csp leaves Django's debug pages alone
        _, _, policy, policy_ro, excluded, excluded_ro = self._policies()
        for header, value, exempt, prefixes in (
            (HEADER, policy, "_csp_exempt", excluded),
            (HEADER_REPORT_ONLY, policy_ro, "_csp_exempt_ro", excluded_ro),
        ):
            if (
                value
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = value
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


class OneLanguageLocaleMiddleware(LocaleMiddleware):
    """Django's `LocaleMiddleware`; when LANGUAGES holds one language, LANGUAGE_CODE (Préau:
    French), and no `i18n_patterns` are used, every request gets that language: it is activated
    without reading the request's cookie, `Accept-Language` and path. The headers are Django's."""

    @staticmethod
    def _only_language(request: HttpRequest) -> str | None:
        languages = settings.LANGUAGES
        if len(languages) != 1 or languages[0][0] != settings.LANGUAGE_CODE:
            return None
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if is_language_prefix_patterns_used(urlconf)[0]:
            return None
        return str(settings.LANGUAGE_CODE)

    def process_request(self, request: HttpRequest) -> None:
        language = self._only_language(request)
        if language is None:
            return super().process_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return None

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> Any:
        if self._only_language(request) is None:
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class LazyMessageMiddleware(MessageMiddleware):
    """Django's `MessageMiddleware` with the message storage made when first used.

    Django builds the storage (and the cookie storage's signer) on every request, and saves it
    on every response. Here `request._messages` is built on first use (adding a message,
    reading them, the template context), and a storage never built has nothing to save."""

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:  # type: ignore[attr-defined]
            return response
        return super().process_response(request, response)
