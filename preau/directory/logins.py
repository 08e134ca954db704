"""Logins `prenom.nom` (rules.md §1): accents dropped, non-word characters dropped, lower case,
each part cut to 30 characters, collisions numbered 2, 3… Uniqueness is case-insensitive."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q

PART_MAX_LENGTH = 30
_NOT_LOGIN_CHAR = re.compile(r"[^0-9a-z]")
# Letters that NFD does not decompose into an ASCII base letter.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})


def login_part(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value.lower().translate(_LIGATURES))
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LOGIN_CHAR.sub("", without_accents)[:PART_MAX_LENGTH]


def login_base(first_name: str, family_name: str) -> str:
    """`prenom.nom` before any collision suffix; `family_name` is the usage name when known."""
    first = login_part(first_name) or "utilisateur"
    family = login_part(family_name) or "preau"
    return f"{first}.{family}"


def first_free_login(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    suffix = 2
    while f"{base}{suffix}" in taken:
        suffix += 1
    return f"{base}{suffix}"


def taken_logins(bases: Iterable[str], chunk_size: int = 200) -> set[str]:
    """Existing logins that could collide with any of `bases` (one query per `chunk_size`)."""
    user_model = get_user_model()
    unique = sorted(set(bases))
    taken: set[str] = set()
    for start in range(0, len(unique), chunk_size):
        condition = Q()
        for base in unique[start : start + chunk_size]:
            condition |= Q(login__istartswith=base)
        taken.update(
            login.lower()
            for login in user_model.objects.filter(condition).values_list("login", flat=True)
        )
    return taken


def allocate_logins(names: list[tuple[str, str]]) -> list[str]:
    """Free logins for (first name, family name) pairs, in order; earlier pairs win the bare one."""
    bases = [login_base(first, family) for first, family in names]
    taken = taken_logins(bases)
    logins = []
    for base in bases:
        login = first_free_login(base, taken)
        taken.add(login)
        logins.append(login)
    return logins
