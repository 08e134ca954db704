"""Login letters (fiches de connexion) as HTML, then PDF with weasyprint (rules.md §2).

The PDF is built in memory and streamed; it is never written to disk. The QR code of each letter
is an inline SVG data URI (no external resource) pointing to the activation page with the login
filled in; the code itself is never put in a URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
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
# weasyprint logs one INFO line per page: 700 lines per school batch, all noise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


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
    # A fixed mask skips segno's mask scoring, 3× faster on a school batch and still valid.
    qr = segno.make_qr(url, error="m", mask=2, boost_error=False)
    return str(qr.svg_data_uri(scale=1, border=2))


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
    import weasyprint

    return bytes(
        weasyprint.HTML(string=html, base_url=None).write_pdf(
            stylesheets=[weasyprint.CSS(filename=str(CSS_PATH))]
        )
    )
