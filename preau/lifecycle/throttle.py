"""Rate limits for code checks and reset requests, on top of the login throttles (rules.md §5).

- the per-IP ceiling and per-login slowdown of `preau.accounts.throttle` apply as for logins;
- a (login, IP) pair gets the same cool-off as a login after `AXES_FAILURE_LIMIT` failures.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from preau.accounts import throttle as login_throttle
from preau.accounts.errors import TooManyAttempts
from preau.lifecycle import conf


def _pair_key(login: str, ip_address: str) -> str:
    digest = hashlib.sha256(f"{login.lower()}|{ip_address}".encode()).hexdigest()[:32]
    return f"preau:code-failures:{digest}"


def check_allowed(login: str, ip_address: str) -> None:
    """Raise TooManyAttempts while this IP or this (login, IP) pair is cooling off."""
    retry_after = login_throttle.ip_retry_after(ip_address)
    if retry_after is not None:
        raise TooManyAttempts(retry_after)
    key = _pair_key(login, ip_address)
    if int(cache.get(key, 0)) >= conf.code_failure_limit():
        opened = float(cache.get(f"{key}:opened") or time.time())
        raise TooManyAttempts(max(1, int(opened + conf.code_cooloff_seconds() - time.time())))
    login_throttle.slow_down(login)


def record_failure(login: str, ip_address: str) -> None:
    login_throttle.record_failure(ip_address, login)
    key = _pair_key(login, ip_address)
    window = conf.code_cooloff_seconds()
    if cache.add(key, 1, timeout=window):
        cache.set(f"{key}:opened", time.time(), timeout=window)
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=window)


def forget_failures(login: str, ip_address: str) -> None:
    key = _pair_key(login, ip_address)
    cache.delete_many([key, f"{key}:opened"])
