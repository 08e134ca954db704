"""Issuing activation and renewal codes (rules.md §2, §4)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from preau.accounts.models import User
from preau.core.audit import audit
from preau.core.errors import InvalidInput, PermissionDenied
from preau.lifecycle import codes, conf, policies
from preau.lifecycle.models import ActivationCode


def awaiting_activation(users: QuerySet[User]) -> QuerySet[User]:
    """Accounts that can get an activation code: never activated, no usable password."""
    return users.filter(activated_at__isnull=True, is_active=True).exclude(password__regex=r"^[^!]")


def _expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=conf.code_validity_days())


def store_codes(
    actor: Any, user_ids: Iterable[int], kind: str = ActivationCode.Kind.ACTIVATION
) -> dict[int, str]:
    """Draw a fresh code for each account and store its hash, voiding any previous code.

    Returns the clear codes, to be printed right away and never stored. Callers authorise.
    """
    now = timezone.now()
    clear = {user_id: codes.new_code() for user_id in user_ids}
    rows = [
        ActivationCode(
            user_id=user_id,
            digest=codes.digest(user_id, code),
            kind=kind,
            created_at=now,
            expires_at=_expiry(now),
            created_by_id=getattr(actor, "pk", None),
        )
        for user_id, code in clear.items()
    ]
    ActivationCode.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["digest", "kind", "created_at", "expires_at", "created_by"],
    )
    return clear


def issue_renewal_code(actor: Any, target: User) -> str:
    """A printable code with which `target` chooses a new password on the activation page."""
    if not policies.get_abilities(actor, target)["renew"]:
        raise PermissionDenied("Vous ne pouvez pas renouveler le mot de passe de cette personne.")
    if not target.is_active:
        raise InvalidInput("Ce compte est fermé.")
    with transaction.atomic():
        code = store_codes(actor, [target.pk], kind=ActivationCode.Kind.RENEWAL)[target.pk]
        audit(actor, "lifecycle.renewal_code_issued", target)
    return code
