"""A send's whole check in one statement: may `sender` write to all these people and groups now?

The messagerie asks this once per send (ADR 0026, 0055). It is the same authority as
`selectors.can_communicate`, asked for a set instead of one recipient: the sender's context in one
statement (`load_context`), their reach computed in Python (`compute_reach`), then ONE statement
answering every question of the send at once, as a `UNION ALL` of tagged rows:

- `S`: the kill switch covering the sender now (`selectors.messaging_suspended_for`, its first
  suspension in the same order), if any;
- `P`: the chosen people the rules let the sender reach and who may receive (`reach_sql.people_ids`
  and `may_receive`, the twins of `reach.reachable_people`);
- `G`: the chosen groups the sender may write to as such and that have a member who may receive
  (`reach_sql.group_ids` and `group_may_receive`, the twins of `reach.reachable_groups`);
- `R`: the author of the message answered, when chosen: a recipient may always answer the sender
  (rules.md §7.3; `can_communicate(…, replying_to=author)`): active and not blocked.

Every id list is a parameter (an array on PostgreSQL), so the statement's cost does not grow with
the class; building it is string work over the reach's few branches, not ORM compilation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import connection
from django.utils import timezone

from preau.communication.context import SenderContext, load_context
from preau.communication.models import MessagingSuspension
from preau.communication.reach import compute_reach
from preau.communication.reach_sql import (
    Sql,
    group_ids,
    group_may_receive,
    may_receive,
    people_ids,
    placeholders,
    tables,
)
from preau.communication.selectors import may_act
from preau.core.sql import constants_inlined, fetch_all_prepared, table_names
from preau.directory.schoolyear import current_school_year

SUSPENDED, PERSON, GROUP, AUTHOR = "S", "P", "G", "R"


@dataclass
class SendCheck:
    """The answers for one send; `context` is the sender's, for the caller to reuse."""

    context: SenderContext
    suspension: str | None = None  # the reason of the suspension covering the sender
    people: set[int] = field(default_factory=set)  # allowed among the chosen people
    groups: set[int] = field(default_factory=set)  # allowed among the chosen groups

    def refused(self, people: Sequence[int], groups: Sequence[int]) -> tuple[list[int], list[int]]:
        """The chosen people and groups the rules refuse, in the order they were chosen."""
        refused_people = [p for p in people if p not in self.people]
        return refused_people, [g for g in groups if g not in self.groups]


def check_send(
    sender: Any, people: Sequence[int], groups: Sequence[int], *, replying_to: Any = None
) -> SendCheck:
    """Two statements whatever the number of recipients: the context, then every answer."""
    context = load_context(sender)
    check = SendCheck(context)
    if not may_act(sender):
        return check  # nobody: `can_communicate` refuses everything to such a sender
    author = getattr(replying_to, "pk", None)
    author = author if author in people and author != sender.pk else None
    statement = _statement(context, sender.pk, list(people), list(groups), author)
    sql, params = constants_inlined(statement.joined(" UNION ALL "), statement.params)
    for kind, pk, reason in fetch_all_prepared(sql, params):
        if kind == SUSPENDED:
            check.suspension = str(reason)
        elif kind == GROUP:
            check.groups.add(int(pk))
        else:  # a reachable person, or the author answered
            check.people.add(int(pk))
    return check


def _statement(
    context: SenderContext, sender: int, people: list[int], groups: list[int], author: int | None
) -> Sql:
    out = Sql()
    out.add(_suspension_sql(), *_suspension_params(sender))
    reach = compute_reach(context)
    year = current_school_year()
    t = tables()
    text = _null_text()
    reached = people_ids(reach)
    if people and reached.parts:
        live = may_receive("u", year)
        out.add(
            f"SELECT '{PERSON}', u.id, {text} FROM {t['User']} u"  # noqa: S608
            f" WHERE u.id IN ({_ids(people)}) AND u.id IN ({reached.joined(' UNION ALL ')})"
            f" AND u.id <> %s AND {live.joined('')}",
            *_id_params(people),
            *reached.params,
            sender,
            *live.params,
        )
    if groups:
        writable = group_ids(reach, year)
        live = group_may_receive("g", year)
        out.add(
            f"SELECT '{GROUP}', g.id, {text} FROM {t['Group']} g"  # noqa: S608
            f" WHERE g.id IN ({_ids(groups)}) AND g.id IN ({writable.joined(' UNION ALL ')})"
            f" AND {live.joined('')}",
            *_id_params(groups),
            *writable.params,
            *live.params,
        )
    if author is not None:
        out.add(
            f"SELECT '{AUTHOR}', u.id, {text} FROM {t['User']} u"  # noqa: S608
            " WHERE u.id = %s AND u.is_active = %s AND u.blocked_at IS NULL",
            author,
            True,
        )
    return out


def _ids(ids: list[int]) -> str:
    """One array parameter on PostgreSQL (the statement's text does not change with the class)."""
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::bigint[])"
    return placeholders(ids)


def _id_params(ids: list[int]) -> list[Any]:
    return [ids] if connection.vendor == "postgresql" else ids


def _null_text() -> str:
    return "CAST(NULL AS TEXT)"


@cache
def _suspension_sql() -> str:
    """The first active suspension covering the sender, as `selectors.messaging_suspended_for`
    finds it (`MessagingSuspension.active_q` and `_user_suspensions_q`, in `Meta.ordering`)."""
    t = table_names(MessagingSuspension)
    pa = tables()["ProfileAssignment"]
    return (
        f"SELECT '{SUSPENDED}', x.id, x.reason FROM (SELECT s.id, s.reason"  # noqa: S608
        f" FROM {t['MessagingSuspension']} s"
        " WHERE s.lifted_at IS NULL AND s.starts_at <= %s AND (s.ends_at IS NULL OR s.ends_at > %s)"
        f" AND (s.school_id IS NULL OR s.school_id IN (SELECT pa.school_id FROM {pa} pa"
        " WHERE pa.user_id = %s AND pa.school_id IS NOT NULL))"
        f" AND (s.profile = '' OR s.profile IN (SELECT pa.profile FROM {pa} pa"
        " WHERE pa.user_id = %s))"
        " ORDER BY s.starts_at, s.id LIMIT 1) x"
    )


def _suspension_params(sender: int) -> list[Any]:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return [now, now, sender, sender]
