"""What the rules need about a sender, read in one `UNION ALL` statement (ADR 0046, 0049).

Five sources: the sender's profiles, functions, parent links (both ways), current classes
(their own, and as pupils those of the children in their care) and the communication rules of
the schools those rows name (or of a represented collectivité's schools). Each branch filters on
an indexed column; `ContextRow` names the columns in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from preau.communication.models import CommunicationRule
from preau.core.sql import fetch_all_prepared, table_names, typed_nulls
from preau.directory.models import (
    ClassMembership,
    FunctionAssignment,
    ParentLink,
    Profile,
    ProfileAssignment,
    School,
    SchoolClass,
)
from preau.directory.schoolyear import current_school_year

PROFILE, FUNCTION, LINK, MEMBERSHIP, RULE = "P", "F", "L", "M", "R"


@dataclass(frozen=True)
class ContextRow:
    """Profile: code=profile, first=circonscription_id, second=collectivite_id.
    Function: code=function, first=academie_id. Link: first=parent_id, second=child_id.
    Membership: code=role, level, first=user_id, second=class_id.
    Rule: code=code, first=enabled (1 or 0), second=class_id (0: the school's own rule).
    `school` and its place (circonscription, collectivite, rpi) where there is a school."""

    kind: str
    code: str
    level: str | None
    first: int
    second: int
    school: int | None
    circonscription: int | None
    collectivite: int | None
    rpi: int | None


def context_rows(user_id: int) -> list[ContextRow]:
    year = current_school_year()
    params: list[int | bool | str] = [
        user_id,  # profiles
        user_id,  # functions
        *(user_id, user_id, True),  # links, both ways
        *(user_id, year),  # own classes
        *(user_id, True, ClassMembership.Role.ELEVE, year),  # the children's classes
        *(user_id, user_id, user_id, year, user_id, True, ClassMembership.Role.ELEVE, year),
        *(user_id, Profile.COLLECTIVITE),  # the rules of a represented collectivité's schools
    ]
    return [ContextRow(*values) for values in fetch_all_prepared(_sql(), params)]


@cache
def _sql() -> str:
    t = table_names(
        ClassMembership,
        CommunicationRule,
        FunctionAssignment,
        ParentLink,
        ProfileAssignment,
        School,
        SchoolClass,
    )
    n = typed_nulls()
    place = "s.id, s.circonscription_id, s.collectivite_id, s.rpi_id"
    memberships = f"""SELECT '{MEMBERSHIP}', m.role, m.level, m.user_id, m.school_class_id, {place}
  FROM {t["ClassMembership"]} m
  JOIN {t["SchoolClass"]} c ON c.id = m.school_class_id
  JOIN {t["School"]} s ON s.id = c.school_id
"""  # noqa: S608
    current = "m.ended_at IS NULL AND c.school_year = %s AND c.archived_at IS NULL"
    children = f"""JOIN {t["ParentLink"]} pl ON pl.child_id = m.user_id
 WHERE pl.parent_id = %s AND pl.parental_authority = %s AND m.role = %s AND {current}"""
    in_classes = f"{t['ClassMembership']} m JOIN {t['SchoolClass']} c ON c.id = m.school_class_id"
    rules = f"""SELECT '{RULE}', r.code, {n.text}, CASE WHEN r.enabled THEN 1 ELSE 0 END,
       COALESCE(r.school_class_id, 0), {place}
  FROM {t["CommunicationRule"]} r JOIN {t["School"]} s ON s.id = r.school_id
"""  # noqa: S608
    return f"""
SELECT '{PROFILE}', pa.profile, {n.text}, pa.circonscription_id, pa.collectivite_id, {place}
  FROM {t["ProfileAssignment"]} pa LEFT JOIN {t["School"]} s ON s.id = pa.school_id
 WHERE pa.user_id = %s
UNION ALL
SELECT '{FUNCTION}', fa.function, {n.text}, fa.academie_id, {n.int}, {place}
  FROM {t["FunctionAssignment"]} fa LEFT JOIN {t["School"]} s ON s.id = fa.school_id
 WHERE fa.user_id = %s
UNION ALL
SELECT '{LINK}', {n.text}, {n.text}, pl.parent_id, pl.child_id, {n.int}, {n.int}, {n.int}, {n.int}
  FROM {t["ParentLink"]} pl
 WHERE (pl.parent_id = %s OR pl.child_id = %s) AND pl.parental_authority = %s
UNION ALL
{memberships} WHERE m.user_id = %s AND {current}
UNION ALL
{memberships} {children}
UNION ALL
{rules} WHERE r.school_id IN (
    SELECT pa.school_id FROM {t["ProfileAssignment"]} pa WHERE pa.user_id = %s
    UNION SELECT fa.school_id FROM {t["FunctionAssignment"]} fa WHERE fa.user_id = %s
    UNION SELECT c.school_id FROM {in_classes} WHERE m.user_id = %s AND {current}
    UNION SELECT c.school_id FROM {in_classes} {children})
UNION ALL
{rules} JOIN {t["ProfileAssignment"]} pa ON pa.collectivite_id = s.collectivite_id
 WHERE pa.user_id = %s AND pa.profile = %s AND r.school_class_id IS NULL
"""  # noqa: S608
