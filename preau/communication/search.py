"""Accent- and case-insensitive search that runs the same on SQLite and PostgreSQL (ADR 'search').

The typed text is folded (no accents, lower case) and turned into a portable regular expression
where each letter is a class of its accented and upper-case forms: "helene" →
`(^|[ '-])[hH][eéèêëEÉÈÊË][lL]…`. Matching starts at a word boundary (search as you type).
"""

from __future__ import annotations

import re
import unicodedata
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q

from preau.core.sql import PersonText

VARIANTS = {
    "a": "aàâäáãåAÀÂÄÁÃÅ",
    "c": "cçCÇ",
    "e": "eéèêëEÉÈÊË",
    "i": "iîïíìIÎÏÍÌ",
    "n": "nñNÑ",
    "o": "oôöóòõOÔÖÓÒÕ",
    "u": "uùûüúUÙÛÜÚ",
    "y": "yÿýYŸÝ",
}
MAX_TOKENS = 4


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(query: str) -> list[str]:
    return [t for t in re.split(r"[\s'’\-]+", fold(query or "")) if t][:MAX_TOKENS]


def word_prefix_pattern(token: str) -> str:
    parts = []
    for char in token:
        if char in VARIANTS:
            parts.append(f"[{VARIANTS[char]}]")
        elif char.isalpha():
            parts.append(f"[{char}{char.upper()}]")
        elif char.isdigit():
            parts.append(char)
        # other characters (dots, punctuation) are dropped: names don't need them
    return "(^|[ '’-])" + "".join(parts)


def _patterns(query: str) -> list[str]:
    patterns = [word_prefix_pattern(t) for t in tokens(query)]
    return [p for p in patterns if p != "(^|[ '’-])"]


def name_filter(query: str, fields: tuple[str, ...]) -> Q:
    """Every typed word starts a word of one of `fields`."""
    per_word = [
        reduce(or_, (Q(**{f"{field}__regex": pattern}) for field in fields))
        for pattern in _patterns(query)
    ]
    return reduce(and_, per_word) if per_word else Q()


def name_sql(query: str, columns: tuple[str, ...]) -> tuple[str, list[str]]:
    """`name_filter` as SQL on `columns` (hand-written statements): ("", []) for no words. The
    patterns stay parameters of a prepared statement (`PersonText`)."""
    regex = connection.operators["regex"]  # "~ %s" (PostgreSQL), "REGEXP %s" (SQLite)
    parts: list[str] = []
    params: list[str] = []
    for pattern in _patterns(query):
        parts.append("(" + " OR ".join(f"{column} {regex}" for column in columns) + ")")
        params += [PersonText(pattern)] * len(columns)
    return " AND ".join(parts), params


def matches(query: str, *values: str) -> bool:
    """The Python twin of `name_filter`, for tests and in-memory lists."""
    haystack = [re.split(r"[\s'’\-]+", fold(v)) for v in values]
    return all(
        any(word.startswith(t) for words in haystack for word in words) for t in tokens(query)
    )
