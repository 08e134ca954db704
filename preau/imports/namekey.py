"""`match_key` in SQL, for the names it can be computed for exactly (PostgreSQL; ADR 0050).

Looking for pupils moving in from another school means comparing the file's keys with the
pupils of the whole académie born on the same days. Reading them all into Python grows with the
académie; this lets PostgreSQL keep only the candidates:

- a name made only of `LETTERS` (ASCII letters and the accented Latin letters whose `match_key`
  is one ASCII letter, derived from `match_key` itself, so the two cannot drift) and of the
  separators `match_key` folds, has its key computed in SQL: `translate` to lower-case ASCII,
  separators folded to one space, trimmed: the same string as `match_key`;
- any other name (œ, ß, other scripts, tabs…) is always kept, and Python decides.

So the SQL filter keeps a superset of the matches, and `match_key` stays the only judge."""

from __future__ import annotations

import functools

from preau.imports.onde import match_key

SEPARATORS = " -'’‐"  # the characters of `onde._SEPARATORS` that a name may hold, besides \s


@functools.cache
def letters() -> tuple[str, str]:
    """(characters, their key letter) for `translate`."""
    source, target = [], []
    for code in range(0x41, 0x250):
        char = chr(code)
        key = match_key(char)
        if char.isalpha() and len(key) == 1 and "a" <= key <= "z":
            source.append(char)
            target.append(key)
    return "".join(source), "".join(target)


def _bracket(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def sql_key(column: str) -> tuple[str, list[str]]:
    """SQL for the key of `column` (meaningful where `sql_unkeyable` is false), and its params."""
    source, target = letters()
    return (
        f"btrim(regexp_replace(translate({column}, %s, %s), %s, ' ', 'g'), ' ')",
        [source, target, f"[{_bracket(SEPARATORS)}]+"],
    )


def unkeyable_pattern() -> str:
    """A PostgreSQL regular expression matching names whose key SQL cannot compute."""
    return f"[^{_bracket(letters()[0] + SEPARATORS)}]"
