"""`match_key` in SQL, for the names it can be computed for exactly (PostgreSQL; ADR 0050, 0053).

Looking for pupils moving in from another school means comparing the file's keys with the
pupils of the whole académie born on the same days. Reading them all into Python grows with the
académie; this lets PostgreSQL keep only the candidates:

- a name made only of `LETTERS` (ASCII letters and the accented Latin letters whose `match_key`
  is one ASCII letter, derived from `match_key` itself, so the two cannot drift) and of the
  separators `match_key` folds, has its key computed in SQL: `translate` to lower-case ASCII,
  separators folded to one space, trimmed: the same string as `match_key`;
- any other name (œ, ß, other scripts, tabs…) is always kept, and Python decides.

So the SQL filter keeps a superset of the matches, and `match_key` stays the only judge.

`pupil_key()` is the `last|first|birth day` key of an account (`?|birth day` when a name cannot
be keyed in SQL); it is indexed (imports migration 0006; 0004 before ADR 0061), so the search is
one lookup per key of the file (`pupil_keys`) instead of computing the key of every pupil born on
one of the file's days. (An index on the name key and the birth date as two columns would not
do: PostgreSQL 15 scans such an index once per pair of a name and a date of the file.) An index
expression has no parameters: the tables of `translate` and the separators' pattern are written
in the SQL as literals, and the migration keeps a copy of that text (its `pupil_key()`), which a
test compares with this module's, so that a change of `match_key` comes with a new index.

Accounts without a birth date (every adult) have no key, and the expression says so first: every
new version of an account row computes the index's expression, and the names' regular
expressions were most of what an import renaming its parents and teachers paid for this index
(ADR 0061)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from preau.imports.onde import match_key

EPOCH = datetime.date(2000, 1, 1)
UNKEYABLE = "?"  # stands for the names of a `pupil_key` that SQL cannot key
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


def literal(text: str) -> str:
    """A standard SQL string literal (backslashes are plain characters in them)."""
    return "'" + text.replace("'", "''") + "'"


def sql_key(column: str) -> str:
    """SQL for the key of `column`, meaningful where `unkeyable(column)` is false."""
    source, target = letters()
    separators = literal(f"[{_bracket(SEPARATORS)}]+")
    return (
        f"btrim(regexp_replace(translate({column}, {literal(source)}, {literal(target)}), "
        f"{separators}, ' ', 'g'), ' ')"
    )


def unkeyable(column: str) -> str:
    """SQL true for the names whose key SQL cannot compute."""
    return f"{column} ~ {literal(unkeyable_pattern())}"


def unkeyable_pattern() -> str:
    """A PostgreSQL regular expression matching names whose key SQL cannot compute."""
    return f"[^{_bracket(letters()[0] + SEPARATORS)}]"


def pupil_key(table: str = "") -> str:
    """`last|first|day` key of the accounts of `table` (a quoted name; none in an index): `day`
    is the birth date as days since 2000-01-01 (`date - date` and an integer's text are
    immutable, as an index needs; `date::text` is not), and `?` stands for `last|first` when a
    name cannot be keyed in SQL. NULL without a birth date, decided before the names are looked
    at."""
    last, first, born = (
        f"{table}.{name}" if table else name for name in ("last_name", "first_name", "birth_date")
    )
    sql = (
        f"CASE WHEN {born} IS NULL THEN NULL ELSE "
        f"CASE WHEN {unkeyable(last)} OR {unkeyable(first)} THEN '{UNKEYABLE}' "
        f"ELSE {sql_key(last)} || '|' || {sql_key(first)} END || '|' || "
        f"({born} - DATE '{EPOCH.isoformat()}')::text END"
    )
    assert "%" not in sql  # goes to the driver with parameters of its own
    return sql


def pupil_keys(keys: Iterable[tuple[str, str, datetime.date]]) -> set[str]:
    """The `pupil_key`s that may match these (`match_key` of last and first name, birth date):
    each one, and for each birth day the key of the names SQL cannot key."""
    found = set()
    for last_key, first_key, birth_date in keys:
        day = (birth_date - EPOCH).days
        found |= {f"{last_key}|{first_key}|{day}", f"{UNKEYABLE}|{day}"}
    return found
