"""SIREN (9 digits) and SIRET (14 digits) checks: both carry a Luhn key (INSEE)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

# La Poste's establishments are numbered outside the Luhn rule: their SIRET digits may sum to a
# multiple of 5 instead (INSEE). The SIREN itself is a valid Luhn number.
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siren(value: str) -> None:
    if len(value) != 9 or not value.isdigit():
        raise ValidationError("Le SIREN compte exactement 9 chiffres.", code="invalid_siren")
    if not luhn_valid(value):
        raise ValidationError(
            "Ce SIREN n'est pas valide (clé de contrôle incorrecte).", code="invalid_siren"
        )


def validate_siret(value: str) -> None:
    if len(value) != 14 or not value.isdigit():
        raise ValidationError("Le SIRET compte exactement 14 chiffres.", code="invalid_siret")
    valid = luhn_valid(value)
    if not valid and value.startswith(LA_POSTE_SIREN):
        valid = sum(int(c) for c in value) % 5 == 0
    if not valid:
        raise ValidationError(
            "Ce SIRET n'est pas valide (clé de contrôle incorrecte).", code="invalid_siret"
        )


def with_luhn_key(prefix: str) -> str:
    """`prefix` followed by the digit that makes the whole number Luhn-valid."""
    for digit in "0123456789":
        if luhn_valid(prefix + digit):
            return prefix + digit
    raise AssertionError("unreachable: one digit always completes a Luhn number")
