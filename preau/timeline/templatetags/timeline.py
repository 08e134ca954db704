from django import template

from preau.timeline import live

register = template.Library()


@register.simple_tag
def live_badge_stream() -> bool:
    """True when the badge listens to server-sent events (Redis configured), else it polls."""
    return live.enabled()
