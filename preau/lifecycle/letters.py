"""Login letters (fiches de connexion) as HTML, then PDF with weasyprint (rules.md §2).

The PDF is built in memory and streamed; it is never written to disk. The QR code of each letter
is an inline SVG data URI (no external resource) pointing to the activation page with the login
filled in; the code itself is never put in a URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from preau.accounts.models import User
from preau.directory.models import School, SchoolClass
from preau.lifecycle import codes, conf
from preau.lifecycle.selectors import Recipients

CSS_PATH = Path(__file__).parent / "letters.css"
UA_PATH = Path(__file__).parent / "letters_ua.css"


@dataclass(frozen=True)
class Letter:
    user: User
    code: str  # "" when the account is already active
    qr: str
    children: list[User]
    school_class: SchoolClass | None


def public_url() -> str:
    return settings.PREAU_PUBLIC_URL.rstrip("/")


def activation_url(login: str) -> str:
    return f"{public_url()}{reverse('lifecycle:activate')}?{urlencode({'login': login})}"


def qr_data_uri(url: str) -> str:
    """A one-pixel-per-module PNG, scaled up without smoothing by the letter's CSS.

    weasyprint draws an SVG QR code as hundreds of path segments on every page (a third of a
    school batch's time); a PNG is one small image. A fixed mask skips segno's mask scoring."""
    qr = segno.make_qr(url, error="m", mask=2, boost_error=False)
    return str(qr.png_data_uri(scale=1, border=2))


def _letter(
    user: User,
    clear: dict[int, str],
    children: list[User] | None = None,
    school_class: SchoolClass | None = None,
) -> Letter:
    code = clear.get(user.pk, "")
    return Letter(
        user=user,
        code=codes.display(code) if code else "",
        qr=qr_data_uri(activation_url(user.login)),
        children=children or [],
        school_class=school_class,
    )


def letters_html(
    school: School, recipients: Recipients, clear: dict[int, str], audience: str
) -> str:
    if audience == "eleves":
        letters = [_letter(u, clear, school_class=c) for u, c in recipients.pupils]
    else:
        letters = [_letter(f.parent, clear, children=f.children) for f in recipients.families]
    return render_to_string(
        "lifecycle/letters.html",
        {
            "school": school,
            "letters": letters,
            "audience": audience,
            "public_url": public_url(),
            "activation_path": reverse("lifecycle:activate"),
            "instance_name": settings.PREAU_INSTANCE_NAME,
            "validity_days": conf.code_validity_days(),
        },
    )


def render_pdf(html: str) -> bytes:
    letter_html, stylesheet = _weasyprint()
    return bytes(letter_html(string=html, base_url=None).write_pdf(stylesheets=[stylesheet]))


@cache
def _weasyprint() -> tuple[Any, Any]:
    """weasyprint's HTML class with the letters' own user-agent stylesheet, and their CSS.

    weasyprint's user-agent stylesheet styles every HTML element: matching it was a third of
    the letters' style computation; `letters_ua.css` styles the dozen elements letters use.
    `_ua_stylesheets` is weasyprint's hook for it (weasyprint is pinned; the letters' tests
    check the pages and their text)."""
    import weasyprint

    # weasyprint logs one INFO line per page: 700 lines per school batch, all noise.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    user_agent = weasyprint.CSS(filename=str(UA_PATH))

    class LetterHTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [user_agent]

    return LetterHTML, weasyprint.CSS(filename=str(CSS_PATH))
