"""Shared by the directory services: authorisation and validation helpers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from preau.core.authorization import authorize as core_authorize
from preau.core.errors import InvalidInput, PermissionDenied
from preau.directory import policies


def authorize(actor: Any, action: str, obj: Model) -> None:
    """`actor=None` is the system (seed, imports by operators); others ask the policy."""
    core_authorize(policies, actor, action, obj)


def require_academic(actor: Any) -> None:
    """Creating top-level structures: operators and académie admins only."""
    if actor is None:
        return
    scope = policies.get_scope(actor)
    if not (scope.is_operator or scope.is_academic):
        raise PermissionDenied()


def require_text(value: str, label: str, code: str, max_length: int = 200) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise InvalidInput(f"Le champ « {label} » est obligatoire.", code=code)
    if len(cleaned) > max_length:
        raise InvalidInput(f"Le champ « {label} » dépasse {max_length} caractères.", code=code)
    return cleaned


def first_message(exc: ValidationError) -> str:
    return exc.messages[0] if exc.messages else "Valeur invalide."


def apply_changes(obj: Model, changes: dict[str, Any], allowed: set[str]) -> list[str]:
    """Set the allowed fields that actually change; return their names."""
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(
            f"Champ non modifiable : {', '.join(sorted(unknown))}.", code="field_not_editable"
        )
    changed = []
    for field, value in changes.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed
