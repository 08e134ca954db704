"""Every write of the accounts app: logging in and out, changing one's password."""

from __future__ import annotations

import time
from typing import Any

from axes.helpers import get_client_ip_address, get_cool_off
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from preau.accounts import policies, throttle
from preau.accounts.backends import BLOCKED_FLAG
from preau.accounts.errors import (
    AccountBlocked,
    InvalidCredentials,
    PasswordRejected,
    TooManyAttempts,
    WrongCurrentPassword,
)
from preau.accounts.middleware import LOGIN_AT_KEY, REFRESHED_AT_KEY
from preau.accounts.models import User
from preau.core.audit import audit
from preau.core.errors import PermissionDenied


def client_ip(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "unknown"


def lockout_seconds(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds()) if cool_off else 15 * 60


def log_in(request: HttpRequest, login: str, password: str, *, via: str = "form") -> User:
    """Check the credentials under every throttle, open a fresh session and audit it.

    Raises TooManyAttempts, AccountBlocked or InvalidCredentials; never says whether a login exists.
    """
    login = login.strip().lower()
    ip_address = client_ip(request)
    retry_after = throttle.ip_retry_after(ip_address)
    if retry_after is not None:
        raise TooManyAttempts(retry_after)
    throttle.slow_down(login)
    user = authenticate(request, login=login, password=password)
    if user is None:
        throttle.record_failure(ip_address, login)
        if getattr(request, "axes_locked_out", False):
            raise TooManyAttempts(lockout_seconds(request))
        if getattr(request, BLOCKED_FLAG, False):
            raise AccountBlocked()
        raise InvalidCredentials()
    assert isinstance(user, User)
    # One commit for the new session row, last_login and the audit entry (four durable commits
    # otherwise, each waiting for the WAL flush in a login storm); the response has nothing left
    # to write (preau.accounts.sessions, ADR 0056).
    with transaction.atomic():
        auth_login(request, user)  # a new session id: no session fixation
        now = int(time.time())
        request.session[LOGIN_AT_KEY] = now
        request.session[REFRESHED_AT_KEY] = now  # the next page need not re-save it
        request.session.save()
        log_login(user, via=via, ip_address=ip_address)
    return user


def log_out(request: HttpRequest, *, via: str = "form", reason: str = "logout") -> None:
    user = request.user if request.user.is_authenticated else None
    auth_logout(request)
    if user is not None:
        log_logout(user, via=via, reason=reason)


def log_login(user: User, *, via: str, ip_address: str = "") -> None:
    """The connection log (rules.md: kept 1 year): who, when, through what, from which address.
    axes' own access log is off (AXES_DISABLE_ACCESS_LOG): one record of each sign-in."""
    audit(user, "accounts.login", user, via=via, ip=ip_address)


def log_logout(user: Any, *, via: str, reason: str = "logout") -> None:
    audit(user, "accounts.logout", user, via=via, reason=reason)


def _password_errors(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


def change_password(
    actor: Any, user: User, old: str, new: str, *, request: HttpRequest | None = None
) -> User:
    """Replace `user`'s password. Every other session of theirs ends; `request`'s one survives."""
    if not policies.get_abilities(actor, user)["change_password"]:
        raise PermissionDenied("Vous ne pouvez changer que votre propre mot de passe.")
    if not user.check_password(old):
        raise WrongCurrentPassword()
    if old == new:
        raise PasswordRejected(["Le nouveau mot de passe doit être différent de l'actuel."])
    errors = _password_errors(new, user)
    if errors:
        raise PasswordRejected(errors)
    with transaction.atomic():
        user.set_password(new)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit(actor, "accounts.password_changed", user)
    if request is not None:
        update_session_auth_hash(request, user)
    return user
