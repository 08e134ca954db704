"""What a director or a teacher does to someone's account: block, unblock, temporary password."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from preau.accounts.models import User
from preau.core.audit import audit
from preau.core.errors import Conflict, PermissionDenied
from preau.lifecycle import codes, policies
from preau.lifecycle.models import ActivationCode


def _require(actor: Any, action: str, target: User, message: str) -> None:
    if not policies.get_abilities(actor, target)[action]:
        raise PermissionDenied(message)


def block_account(actor: Any, target: User) -> User:
    """The person can no longer log in and their open sessions end (rules.md §8)."""
    _require(actor, "block", target, "Vous ne pouvez pas bloquer ce compte.")
    if target.is_blocked:
        raise Conflict("Ce compte est déjà bloqué.")
    with transaction.atomic():
        target.blocked_at = timezone.now()
        target.save(update_fields=["blocked_at"])
        audit(actor, "lifecycle.account_blocked", target)
    return target


def unblock_account(actor: Any, target: User) -> User:
    _require(actor, "block", target, "Vous ne pouvez pas débloquer ce compte.")
    if not target.is_blocked:
        raise Conflict("Ce compte n'est pas bloqué.")
    with transaction.atomic():
        target.blocked_at = None
        target.save(update_fields=["blocked_at"])
        audit(actor, "lifecycle.account_unblocked", target)
    return target


def new_temporary_password() -> str:
    """Twelve characters from the code alphabet, in three groups: `abcd-efgh-jkmn`."""
    raw = "".join(secrets.choice(codes.ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def set_temporary_password(actor: Any, target: User) -> str:
    """A password to hand over; the person must choose their own at the next login."""
    _require(actor, "renew", target, "Vous ne pouvez pas réinitialiser ce mot de passe.")
    password = new_temporary_password()
    with transaction.atomic():
        target.set_password(password)
        target.must_change_password = True
        target.save(update_fields=["password", "must_change_password"])
        ActivationCode.objects.filter(user=target).delete()
        audit(actor, "lifecycle.temporary_password_set", target)
    return password
