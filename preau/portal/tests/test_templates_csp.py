"""Every template obeys the strict CSP: no inline style, no inline script, no event handler."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    [*ROOT.glob("templates/**/*.html"), *ROOT.glob("preau/*/templates/**/*.html")],
    key=str,
)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_style_script_or_handler(path):
    text = path.read_text(encoding="utf-8")

    assert not INLINE_STYLE.search(text), "style inline interdit par la CSP"
    assert not INLINE_SCRIPT.search(text), "script inline interdit par la CSP"
    assert not EVENT_HANDLER.search(text), "gestionnaire d'événement inline interdit par la CSP"


def test_the_portal_templates_are_checked():
    names = {path.name for path in TEMPLATES}

    assert {"base.html", "home.html", "404.html", "500.html"} <= names


def test_server_error_page_renders_without_context():
    page = render_to_string("500.html")

    assert '<html lang="fr">' in page
    assert "Le service a rencontré une erreur" in page
    assert 'href="#contenu"' in page
