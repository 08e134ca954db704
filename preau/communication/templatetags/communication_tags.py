from __future__ import annotations

from typing import Any

from django import template

from preau.communication.selectors import banner_for

register = template.Library()


@register.inclusion_tag("communication/_banner_body.html", takes_context=True)
def messaging_banner(context: dict[str, Any]) -> dict[str, Any]:
    """The kill-switch banner for the person viewing the page (free when nothing is suspended)."""
    return {"suspension": banner_for(context.get("user"))}
