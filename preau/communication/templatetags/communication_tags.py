from __future__ import annotations

from typing import Any

from django import template

from preau.communication.selectors import banner_for

register = template.Library()


@register.inclusion_tag("communication/_banner_body.html", takes_context=True)
def messaging_banner(context: dict[str, Any]) -> dict[str, Any]:
    """The kill-switch banner for the person viewing the page (free when nothing is suspended).
    A view that already asked `banner_for` (the home page, ADR 0054) passes its answer as
    `messaging_suspension`."""
    if "messaging_suspension" in context:
        return {"suspension": context["messaging_suspension"]}
    return {"suspension": banner_for(context.get("user"))}
