"""Message bodies: rich text cleaned with nh3 on the server, whatever the client sent."""

from __future__ import annotations

import html
import re

from preau.core.richtext import sanitize_html

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
MAX_BODY_CHARS = 100_000


def clean_html(raw: str) -> str:
    """Only the editor's formatting survives; links get rel=noopener noreferrer nofollow."""
    return sanitize_html(raw or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES).strip()


def text_to_html(text: str) -> str:
    """A plain-text body (no JavaScript, API clients) as paragraphs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", (text or "").strip()) if p.strip()]
    return "".join(
        "<p>" + html.escape(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs
    )


def plain_text(cleaned: str) -> str:
    """The words of a cleaned body, one line, for search."""
    without_tags = re.sub(r"<[^>]+>", " ", cleaned)
    return re.sub(r"\s+", " ", html.unescape(without_tags)).strip()


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(p|br|strong|b|em|i|u|ul|ol|li|a|blockquote|div|span)\b", text or ""))


def quote(body: str, author: str, date_label: str) -> str:
    """The original message under a reply or a forward."""
    return f"<p></p><blockquote><p>{html.escape(author)}, {date_label} :</p>{body}</blockquote>"
