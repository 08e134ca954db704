"""The home page's HTML kept in the cache under a digest of what it shows (ADR 0054).

The home page is the most requested page of the ENT, and for a given person it rarely changes:
rendering its templates (some thirty tiles, the news card, the header) was most of its CPU. Its
HTML is kept per person as `(digest, html)`, where the digest covers everything the page shows:

- the data the view read for this request (passed by the view as `shown`: the person's names,
  the rows of their context from which the tiles and children's sections are built, the news
  card's items, the messaging banner);
- what the request itself chooses: the script prefix of the URLs, the language, the time zone;
- what the deployment chooses, computed once per process: every template's source, the template
  tag libraries' source, Préau's own Python source (the code that turns the shown values into
  the page: the services catalogue, the tiles' order…), the static files' manifest and URL, the
  instance name, the live badge's mode.

The view still reads all of that on every request (the same statements as before), so a change
shows on the very next page: a new news item, a child moved to another class, a suspension. A
page whose digest differs is rendered again and replaces the entry. What differs on every request
is never cached: the CSRF token is rendered as a per-process marker and replaced by the request's
own token (`get_token`, which renews the CSRF cookie exactly as the `{% csrf_token %}` tag does),
and a page with a flash message to show (`django.contrib.messages`) is rendered, not cached.

The entry is stored under the person's id and the digest includes it: a person is only ever
served a page rendered for them. Entries expire after `PREAU_HOME_PAGE_CACHE_SECONDS`;
`PREAU_HOME_PAGE_CACHE=false` renders every page.
"""

from __future__ import annotations

import hashlib
import importlib.util
import secrets
from collections.abc import Callable, Iterator, Mapping
from functools import cache as once
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation

import preau

# Stands for the CSRF token in a cached page; letters and digits only, so that no escaping
# changes it, and drawn per process, so that no stored text can know it in advance.
CSRF_MARKER = f"preaucsrf{secrets.token_hex(16)}"


def page_key(template_name: str, user_id: Any) -> str:
    return f"portal:page:{template_name}:{user_id}"


def cached_page(
    request: HttpRequest,
    template_name: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    shown: tuple[Any, ...],
    found: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """`render(request, template_name, context)`, from the cache when `shown` is unchanged.

    `shown`: everything from `context` the page shows, as plain values (str, int, tuples,
    frozen dataclasses…) whose `repr` is stable. `context` may be a function that builds it, called
    only when the page is rendered. `found`: cache values already fetched, with
    `page_key(template_name, user id)` among them (or absent), to save a round trip."""
    if not settings.PREAU_HOME_PAGE_CACHE or len(get_messages(request)):
        return HttpResponse(render_to_string(template_name, _built(context), request))
    user_id = getattr(request.user, "pk", None)
    key = page_key(template_name, user_id)
    digest = page_digest(user_id, shown)
    entry = cache.get(key) if found is None else found.get(key)
    if entry is not None and entry[0] == digest:
        html = entry[1]
    else:
        page_context = {**_built(context), "csrf_token": CSRF_MARKER}
        html = render_to_string(template_name, page_context, request)
        cache.set(key, (digest, html), settings.PREAU_HOME_PAGE_CACHE_SECONDS)
    return HttpResponse(html.replace(CSRF_MARKER, get_token(request)))


def _built(context: Mapping[str, Any] | Callable[[], Mapping[str, Any]]) -> Mapping[str, Any]:
    return context() if callable(context) else context


def page_digest(user_id: Any, shown: tuple[Any, ...]) -> str:
    request_choices = (
        get_script_prefix(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    text = repr((deployment_version(), user_id, request_choices, shown))
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


@once
def deployment_version() -> str:
    """What a release or the settings change in every page: once per process."""
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted(set(_page_sources())):  # Préau's tag libraries are found twice
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    digest.update(
        repr(
            (
                settings.STATIC_URL,
                getattr(staticfiles_storage, "manifest_hash", ""),
                settings.PREAU_INSTANCE_NAME,
                settings.PREAU_LIVE_BADGE,
                bool(settings.REDIS_URL),
            )
        ).encode()
    )
    return digest.hexdigest()


def _page_sources() -> Iterator[Path]:
    """Préau's Python source, the templates and the template tag libraries."""
    yield from Path(preau.__file__).parent.rglob("*.py")
    backend = engines["django"]
    for directory in backend.template_dirs:
        yield from (path for path in Path(directory).rglob("*") if path.is_file())
    for module in backend.engine.libraries.values():  # type: ignore[attr-defined]
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin:
            yield Path(spec.origin)
