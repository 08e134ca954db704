"""Forgotten password: a reset link by e-mail, valid 24 hours, single use (rules.md §4)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from preau.accounts.errors import PasswordRejected
from preau.accounts.models import User
from preau.core.audit import audit
from preau.lifecycle import conf, throttle
from preau.lifecycle.errors import InvalidResetLink
from preau.lifecycle.models import ActivationCode
from preau.lifecycle.services.activation import password_errors


class DayTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset tokens (bound to the password hash and last login: single use), 24 h."""

    key_salt = "preau.lifecycle.DayTokenGenerator"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        assert token is not None
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - issued <= conf.reset_link_seconds()


token_generator = DayTokenGenerator()


def reset_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("lifecycle:reset", args=[uid, token_generator.make_token(user)])
    return settings.PREAU_PUBLIC_URL.rstrip("/") + path


def request_reset(identifier: str, ip_address: str) -> int:
    """Mail a reset link to every active account bound to this e-mail or login.

    The caller answers the same whatever happens: nothing tells whether an account exists.
    Returns the number of messages sent (for tests and logs only).
    """
    identifier = identifier.strip()
    throttle.check_allowed(identifier or "-", ip_address)
    throttle.record_failure(identifier or "-", ip_address)  # every request counts
    if not identifier:
        return 0
    field = "email__iexact" if "@" in identifier else "login__iexact"
    users = [
        u
        for u in User.objects.filter(
            **{field: identifier}, is_active=True, blocked_at__isnull=True
        ).order_by()
        if u.email and u.has_usable_password()
    ]
    for user in users:
        body = render_to_string(
            "lifecycle/reset_email.txt",
            {"user": user, "url": reset_url(user), "logins": [u.login for u in users]},
        )
        send_mail("Préau — nouveau mot de passe", body, None, [user.email])
        audit(None, "lifecycle.reset_link_sent", user)
    return len(users)


def user_for_link(uidb64: str, token: str) -> User:
    try:
        user = User.objects.filter(pk=int(urlsafe_base64_decode(uidb64).decode())).first()
    except (ValueError, TypeError, UnicodeDecodeError):
        user = None
    if user is None or not user.is_active or not token_generator.check_token(user, token):
        raise InvalidResetLink()
    return user


def reset_password(uidb64: str, token: str, password: str) -> User:
    """Set the new password; every other session and any outstanding code stop working."""
    user = user_for_link(uidb64, token)
    errors = password_errors(password, user)
    if errors:
        raise PasswordRejected(errors)
    with transaction.atomic():
        user.set_password(password)  # a new hash: other sessions fail their auth-hash check
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        ActivationCode.objects.filter(user=user).delete()
        audit(user, "lifecycle.password_reset", user)
    return user
