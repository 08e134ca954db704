"""Rich text written by people (mots, actualités, messages): sanitised on the way in, with nh3.

Plain text (no tag) becomes paragraphs; HTML keeps only a small set of formatting tags and safe
links. What is stored is what is shown: templates mark it safe only because it went through here.
"""

from __future__ import annotations

import html

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(raw: str, *, tags: set[str], attributes: dict[str, set[str]]) -> str:
    """The one link policy for every rich text: http(s)/mailto only, rel=noopener noreferrer
    nofollow; everything but `tags` (with `attributes`) is stripped."""
    return nh3.clean(
        raw,
        tags=tags,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def clean_rich_text(text: str) -> str:
    """Sanitised HTML for `text`; "" when nothing readable is left."""
    text = (text or "").strip()
    if not text:
        return ""
    if "<" not in text:
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        text = "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
    cleaned = sanitize_html(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    return cleaned if nh3.clean(cleaned, tags=set()).strip() else ""
