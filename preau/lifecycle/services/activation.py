"""Activating an account, or renewing its password, with a code (rules.md §3)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth import login as auth_login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from preau.accounts.errors import AccountBlocked, PasswordRejected
from preau.accounts.middleware import LOGIN_AT_KEY
from preau.accounts.models import User
from preau.accounts.services import client_ip, log_login
from preau.core.audit import audit
from preau.core.errors import InvalidInput
from preau.lifecycle import codes, throttle
from preau.lifecycle.errors import CharterNotAccepted, InvalidActivationCode, NoCharter
from preau.lifecycle.models import ActivationCode, Charter, CharterAcceptance

BACKEND = "preau.accounts.backends.LoginOrEmailBackend"


@dataclass(frozen=True)
class ActivationInput:
    login: str
    code: str
    password: str
    accept_charter: bool
    email: str = ""


def current_charter() -> Charter | None:
    return Charter.objects.order_by("-version").first()


def needs_charter(user: User, charter: Charter | None) -> bool:
    if charter is None:
        return False
    return not CharterAcceptance.objects.filter(user=user, charter=charter).exists()


def check_code(login: str, code: str, ip_address: str) -> tuple[User, ActivationCode]:
    """The account and its code, if `code` is the valid outstanding code of `login`.

    Throttled like login; says nothing about which part was wrong.
    """
    login = login.strip().lower()
    throttle.check_allowed(login, ip_address)
    found = User.objects.filter(login__iexact=login).select_related("activation_code").order_by()
    user = next(iter(found[:1]), None)  # no ORDER BY: the login index is used (ADR 0051)
    stored = getattr(user, "activation_code", None) if user is not None else None
    valid = (
        user is not None
        and stored is not None
        and codes.matches(user.pk, code, stored.digest)
        and stored.expires_at > timezone.now()
        and user.is_active
    )
    if not valid:
        throttle.record_failure(login, ip_address)
        raise InvalidActivationCode()
    assert user is not None and stored is not None
    if user.is_blocked:
        raise AccountBlocked()
    return user, stored


def password_errors(password: str, user: User) -> list[str]:
    """The accounts password policy's objections to `password` for `user` (empty if none)."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


def _clean_email(email: str) -> str:
    email = email.strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput("Cette adresse électronique n'est pas valide.", field="email") from exc
    return email


def activate(request: HttpRequest, data: ActivationInput) -> User:
    """Check the code, set the password, record the charter, then log the person in.

    Nothing is written unless every check passes.
    """
    ip_address = client_ip(request)
    user, stored = check_code(data.login, data.code, ip_address)
    charter = current_charter()
    if stored.kind == ActivationCode.Kind.ACTIVATION and charter is None:
        raise NoCharter()
    must_accept = needs_charter(user, charter)
    if must_accept and not data.accept_charter:
        raise CharterNotAccepted()
    email = _clean_email(data.email)
    errors = password_errors(data.password, user)
    if errors:
        raise PasswordRejected(errors)
    with transaction.atomic():
        first_time = user.activated_at is None
        user.set_password(data.password)
        user.must_change_password = False
        if first_time:
            user.activated_at = timezone.now()
        if email:
            user.email = email
        user.save(update_fields=["password", "must_change_password", "activated_at", "email"])
        stored.delete()
        if must_accept and charter is not None:
            CharterAcceptance.objects.create(user=user, charter=charter, accepted_at=timezone.now())
        action = "ACTIVATION" if first_time else "lifecycle.password_renewed"
        audit(
            user,
            action,
            user,
            code_kind=stored.kind,
            charter_version=charter.version if must_accept and charter else None,
            email_given=bool(email),
        )
    throttle.forget_failures(user.login, ip_address)
    auth_login(request, user, backend=BACKEND)
    request.session[LOGIN_AT_KEY] = int(time.time())
    log_login(user, via="activation", ip_address=ip_address)
    return user
