"""Who may do what with an account. The directory's policies decide who sees whom."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from preau.accounts.models import User


def get_abilities(user: Any, obj: User) -> dict[str, bool]:
    is_self = bool(user.is_authenticated) and user.pk == obj.pk
    return {
        "view_account": is_self,
        "change_password": is_self and obj.has_usable_password(),
    }


def visible_to(user: Any) -> QuerySet[User]:
    """Accounts whose 'Mon compte' page `user` may open: their own."""
    if not user.is_authenticated:
        return User.objects.none()
    return User.objects.filter(pk=user.pk)
