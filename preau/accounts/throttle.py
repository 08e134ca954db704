"""Login throttling beyond django-axes' (login, IP) cool-off, with the Django cache.

- Per IP: a high ceiling (`PREAU_LOGIN_IP_FAILURE_LIMIT`, about 300 failures in 15 minutes),
  because a whole school shares one NAT address; one pupil mistyping never locks the class.
- Per login across IPs: failures beyond `PREAU_LOGIN_SLOWDOWN_AFTER` in an hour only add a delay,
  capped at `PREAU_LOGIN_MAX_DELAY_SECONDS` (2 s). A login alone is never locked (rules.md §5), so
  classmates cannot lock each other out. The delay is off in tests (`PREAU_LOGIN_DELAY_ENABLED`).

Counters use fixed windows: the first failure opens a window of the configured length.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def ip_failure_limit() -> int:
    return int(_setting("PREAU_LOGIN_IP_FAILURE_LIMIT", 300))


def ip_window_seconds() -> int:
    return int(_setting("PREAU_LOGIN_IP_WINDOW_SECONDS", 15 * 60))


def login_window_seconds() -> int:
    return int(_setting("PREAU_LOGIN_SLOWDOWN_WINDOW_SECONDS", 3600))


def delay_enabled() -> bool:
    return bool(getattr(settings, "PREAU_LOGIN_DELAY_ENABLED", settings.PREAU_ENV != "test"))


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"preau:login-failures:{kind}:{digest}"


def _count(key: str) -> int:
    return int(cache.get(key, 0))


def _increment(key: str, window: int) -> int:
    """Add one failure in the window that `key` opened (or open one)."""
    if cache.add(key, 1, timeout=window):
        cache.set(f"{key}:opened", time.time(), timeout=window)
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return 1


def ip_retry_after(ip_address: str) -> int | None:
    """Seconds until this IP may try again, or None if it is under its ceiling."""
    key = _key("ip", ip_address)
    if _count(key) < ip_failure_limit():
        return None
    opened = cache.get(f"{key}:opened")
    if opened is None:
        return ip_window_seconds()
    return max(1, int(float(opened) + ip_window_seconds() - time.time()))


def login_delay_seconds(login: str) -> float:
    """The delay owed before checking a password for `login`, from failures on every IP."""
    over = _count(_key("login", login.lower())) - int(_setting("PREAU_LOGIN_SLOWDOWN_AFTER", 30))
    if over <= 0:
        return 0.0
    return min(_setting("PREAU_LOGIN_MAX_DELAY_SECONDS", 2.0), 0.25 * over)


def slow_down(login: str) -> float:
    """Sleep for the delay owed by `login` (nothing when the delay is disabled); return it."""
    delay = login_delay_seconds(login)
    if delay and delay_enabled():
        time.sleep(delay)
    return delay


def record_failure(ip_address: str, login: str) -> None:
    _increment(_key("ip", ip_address), ip_window_seconds())
    if login:
        _increment(_key("login", login.lower()), login_window_seconds())


def axes_username(request: Any, credentials: dict[str, Any] | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the login every form used, lower-cased.

    Our forms and API pass `login`; Django's admin form passes `username`. Both count as the
    same login, whatever the case the person typed.
    """
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        value = source.get("login") or source.get("username")
        if value:
            return str(value).strip().lower()
    return None
