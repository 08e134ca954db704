"""Logins `prenom.nom` (rules.md §1): accents dropped, non-word characters dropped, lower case,
each part cut to 30 characters, collisions numbered 2, 3… Uniqueness is case-insensitive."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q

from preau.core.locks import LockKind, lock_names

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


def first_free_login(base: str, taken: set[str], start: int = 2) -> str:
    """The bare `base` if free, else `base` with the first free number from `start` on."""
    if base not in taken:
        return base
    suffix = start
    while f"{base}{suffix}" in taken:
        suffix += 1
    return f"{base}{suffix}"


def taken_logins(bases: Iterable[str], chunk_size: int = 200) -> set[str]:
    """Existing logins that could collide with any of `bases` (case-insensitive prefix match)."""
    unique = sorted(set(bases))
    if not unique:
        return set()
    if connection.vendor == "postgresql":
        return _taken_by_ranges(unique)
    user_model = get_user_model()
    taken: set[str] = set()
    for start in range(0, len(unique), chunk_size):
        condition = Q()
        for base in unique[start : start + chunk_size]:
            condition |= Q(login__istartswith=base)
        logins = user_model.objects.filter(condition).order_by().values_list("login", flat=True)
        taken.update(login.lower() for login in logins)
    return taken


def _taken_by_ranges(bases: list[str]) -> set[str]:
    """One statement: each base is a range scan of the `upper(login)` pattern index (imports
    migration 0003, ADR 0050), so the cost follows the logins found, not the number of accounts
    (a chain of OR'ed LIKEs is evaluated on every account, hundreds of times each). Bases are
    ASCII (`login_part`), so the end of a base's range is the base with its last letter + 1."""
    low = [base.upper() for base in bases]
    high = [b[:-1] + chr(ord(b[-1]) + 1) for b in low]
    table = connection.ops.quote_name(get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.login FROM unnest(%s::text[], %s::text[]) AS b(low, high) "  # noqa: S608
            f"JOIN {table} u ON UPPER(u.login::text) ~>=~ b.low "
            "AND UPPER(u.login::text) ~<~ b.high",
            [low, high],
        )
        return {login.lower() for (login,) in cursor.fetchall()}


def allocate_logins(names: list[tuple[str, str]]) -> list[str]:
    """Free logins for (first name, family name) pairs, in order; earlier pairs win the bare one.

    Called inside the transaction that inserts them, after taking the one lock of new logins
    (ADR 0066): a concurrent transaction creating accounts waits for this one's commit and then
    sees its logins, instead of picking the same one and failing on the unique index. One lock
    rather than one per base: two schools nearly always share a common name, and a feed creating
    a million accounts in one transaction would hold a million locks."""
    bases = [login_base(first, family) for first, family in names]
    lock_names(LockKind.LOGIN, ["new logins"])
    taken = taken_logins(bases)
    logins = []
    searched_to: dict[str, int] = {}  # base → numbers below this one are all taken
    for base in bases:
        login = first_free_login(base, taken, searched_to.get(base, 2))
        taken.add(login)
        logins.append(login)
        if login != base:
            searched_to[base] = int(login[len(base) :]) + 1
    return logins
