"""Authentication by login (case-insensitive) or by e-mail address.

django-axes' standalone backend runs first (settings.AUTHENTICATION_BACKENDS) and refuses locked
(login, IP) pairs; this backend only checks the password and the account's state.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from preau.accounts.models import User
from preau.accounts.session_user import load_user

# Set on the request when the password was right but the account is blocked, so that the login
# flow can say so (a blocked person gets an explicit message, rules.md §5).
BLOCKED_FLAG = "preau_account_blocked"


def find_account(identifier: str) -> User | None:
    """The account an identifier designates: a login, or an e-mail held by one account."""
    identifier = identifier.strip()
    if not identifier:
        return None
    # No ORDER BY (first() would add one): with it, the planner may walk the name or primary
    # key index instead of the login one (ADR 0051).
    user = next(iter(User.objects.filter(login__iexact=identifier).order_by()[:1]), None)
    if user is not None or "@" not in identifier:
        return user
    same_email = list(User.objects.filter(email__iexact=identifier, is_active=True).order_by()[:2])
    return same_email[0] if len(same_email) == 1 else None


class LoginOrEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        login: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        identifier = login if login is not None else username
        if identifier is None or password is None:
            return None
        user = find_account(identifier)
        if user is None:
            # Same work as for a real account, so that timing does not tell who exists.
            User().set_password(password)
            return None
        if not user.check_password(password) or not user.is_active:
            return None
        if user.is_blocked:
            if request is not None:
                setattr(request, BLOCKED_FLAG, True)
            return None
        return user

    def get_user(self, user_id: Any) -> User | None:
        """Every request's user: one SELECT compiled once per process (ADR 0054)."""
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Any) -> bool:
        """Also used for every request's session: blocking an account ends its sessions."""
        return (
            bool(super().user_can_authenticate(user)) and getattr(user, "blocked_at", None) is None
        )
