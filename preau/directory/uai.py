"""UAI (ex-RNE) school identifiers: seven digits and a check letter.

The letter is the 7-digit number modulo 23, indexing an alphabet without I, O and Q.
"""

import re

from django.core.exceptions import ValidationError

UAI_PATTERN = r"^[0-9]{7}[A-Z]$"
UAI_RE = re.compile(UAI_PATTERN)
UAI_KEY_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai_check_letter(digits: str) -> str:
    return UAI_KEY_ALPHABET[int(digits) % 23]


def normalise_uai(value: str) -> str:
    return value.strip().upper()


def validate_uai_format(value: str) -> None:
    if not UAI_RE.fullmatch(value or ""):
        raise ValidationError(
            "L'UAI « %(value)s » n'a pas la forme attendue : 7 chiffres puis une lettre "
            "(par exemple 0440001M).",
            code="uai_format",
            params={"value": value},
        )


def uai_key_is_valid(value: str) -> bool:
    return bool(UAI_RE.fullmatch(value)) and uai_check_letter(value[:7]) == value[7]


def validate_uai(value: str) -> None:
    """Format and check letter. Imports may downgrade a bad key to a warning (brief, domain §2)."""
    validate_uai_format(value)
    if not uai_key_is_valid(value):
        raise ValidationError(
            "La lettre de contrôle de l'UAI « %(value)s » est fausse : on attend %(expected)s.",
            code="uai_key",
            params={"value": value, "expected": value[:7] + uai_check_letter(value[:7])},
        )
