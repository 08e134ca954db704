"""Activation codes: drawn with a CSPRNG, kept only as a keyed hash (rules.md §2).

Codes are 8 characters from a 28-letter alphabet (≈ 38 bits), single use, valid 90 days, and
checked under throttling; a keyed HMAC-SHA256 with SECRET_KEY is enough for them
(docs/adr/ "activation codes hashed with HMAC").
"""

from __future__ import annotations

import hmac
import secrets

from django.utils.crypto import salted_hmac

ALPHABET = "abcdefghjkmnprstvwxyz3456789"
LENGTH = 8
_SALT = "preau.lifecycle.activation-code"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    """What a person typed, as stored: no spaces or dashes, lower case."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def digest(user_id: int, code: str) -> str:
    return salted_hmac(_SALT, f"{user_id}:{normalise(code)}", algorithm="sha256").hexdigest()


def matches(user_id: int, code: str, stored: str) -> bool:
    return hmac.compare_digest(digest(user_id, code), stored)


def display(code: str) -> str:
    """Printed as two groups of four, easier to copy: `abcd-efgh`."""
    return f"{code[:4]}-{code[4:]}"
