"""Matching rows to existing accounts, without guessing (formats.md §2.4, "What Préau should do").

Pure functions over already-loaded data: the services load the state in a constant number of
queries, these decide who is who."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from preau.imports.onde import ChildRef, PupilRow, match_key

Row = TypeVar("Row")


@dataclass
class Assignment:
    """Row index → existing user id; rows to create; rows too ambiguous to decide."""

    matched: dict[int, int] = field(default_factory=dict)
    new: list[int] = field(default_factory=list)
    ambiguous: dict[int, list[int]] = field(default_factory=dict)  # row → candidate ids
    possible_duplicates: dict[int, list[int]] = field(default_factory=dict)  # created anyway
    held: dict[int, list[int]] = field(default_factory=dict)  # waiting for their children's case


def assign_by_key(
    rows: Sequence[Row],
    key_of: Callable[[Row], Hashable],
    pool: dict[Hashable, list[int]],
    tiebreak: Callable[[Row, int], bool],
    used: set[int],
) -> Assignment:
    """Rows sharing a key share the candidates with that key. One row and one candidate: same
    person. Several: a candidate is taken only when `tiebreak` singles it out; the rest is
    ambiguous. No candidate: a new person. `used` ids are never given twice."""
    result = Assignment()
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[key_of(row)].append(index)
    for key, indexes in groups.items():
        candidates = [uid for uid in pool.get(key, []) if uid not in used]
        if len(indexes) == 1 and len(candidates) == 1:
            _take(result, used, indexes[0], candidates[0])
            continue
        remaining = []
        for index in indexes:
            hits = [uid for uid in candidates if uid not in used and tiebreak(rows[index], uid)]
            if len(hits) == 1:
                _take(result, used, index, hits[0])
            else:
                remaining.append(index)
        left = [uid for uid in candidates if uid not in used]
        if not left:
            result.new.extend(remaining)
        elif len(remaining) == 1 and len(left) == 1 and len(indexes) == 1:
            _take(result, used, remaining[0], left[0])
        else:
            for index in remaining:
                result.ambiguous[index] = left
    return result


def _take(result: Assignment, used: set[int], index: int, uid: int) -> None:
    result.matched[index] = uid
    used.add(uid)


def user_pupil_key(user: Any) -> tuple[str, str, Any]:
    return (match_key(user.last_name), match_key(user.first_name), user.birth_date)


def user_name_key(user: Any) -> tuple[str, str]:
    return (match_key(user.last_name), match_key(user.first_name))


def resolve_child(
    child: ChildRef, pupils: Sequence[PupilRow], index: dict[tuple[str, str], list[int]]
) -> int | None:
    """The pupil row a responsable's child block designates, or None when not exactly one."""
    first = match_key(child.first_name)
    found: list[int] = []
    for last in (child.last_name, child.usage_name):
        if last:
            found = index.get((match_key(last), first), [])
            if found:
                break
    if len(found) > 1 and child.class_name:
        found = [i for i in found if match_key(pupils[i].class_name) == match_key(child.class_name)]
    return found[0] if len(found) == 1 else None


def pupil_name_index(pupils: Sequence[PupilRow]) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, pupil in enumerate(pupils):
        index[(match_key(pupil.last_name), match_key(pupil.first_name))].append(i)
        if pupil.usage_name:
            index[(match_key(pupil.usage_name), match_key(pupil.first_name))].append(i)
    return index
