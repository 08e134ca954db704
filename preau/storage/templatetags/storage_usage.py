from __future__ import annotations

from typing import Any

from django import template

from preau.storage.errors import human_size
from preau.storage.selectors import usage_of

register = template.Library()


@register.inclusion_tag("storage/_usage.html")
def storage_usage(user: Any) -> dict[str, Any]:
    """The Mon compte gauge: bytes used of the person's quota."""
    usage = usage_of(user)
    return {
        "usage": usage,
        "used_text": human_size(usage.used),
        "limit_text": human_size(usage.limit),
        "free_text": human_size(usage.free),
    }


@register.filter
def filesize(value: int) -> str:
    return human_size(int(value or 0))
