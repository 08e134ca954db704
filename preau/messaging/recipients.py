"""Recipients: what the sender chose, and whether the communication rules allow it.

The rules have one source, `preau.communication` (ADR 0010). A send asks it once for the whole
list: the kill switch (`messaging_suspended_for`), the sender's context and reach (`reach_of`'s
two steps, the context kept for the moderation check), then the semi-join for the people and the
one for the groups in one UNION ALL: the same queries `can_communicate` runs for one recipient,
so 30 recipients cost what one does. A reply to the author of a received message asks
`can_communicate(…, replying_to=author)`: a recipient may always answer the sender.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Value

from preau.communication.context import SenderContext, load_context
from preau.communication.reach import compute_reach, reachable_groups, reachable_people
from preau.communication.selectors import can_communicate, messaging_suspended_for
from preau.core.errors import InvalidInput
from preau.directory.models import Group
from preau.messaging.errors import CommunicationForbidden, MessagingSuspended

MAX_CHOICES = 50


@dataclass(frozen=True)
class Choice:
    people: tuple[int, ...] = ()
    groups: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.people or self.groups)

    def as_tokens(self) -> list[str]:
        return [f"person:{p}" for p in self.people] + [f"group:{g}" for g in self.groups]


def _one(value: Any) -> tuple[str, int]:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return "person", value
    if isinstance(value, dict):
        return str(value.get("type", "")), int(value.get("id", ""))
    kind, _, number = str(value).partition(":")
    if not number:
        return "person", int(kind)
    return kind, int(number)


def parse(values: Any) -> Choice:
    """People as ids or `person:ID`, groups as `group:ID` or `{"type": "group", "id": ID}`."""
    people: list[int] = []
    groups: list[int] = []
    for value in values or []:
        try:
            kind, number = _one(value)
        except (TypeError, ValueError):
            raise InvalidInput(
                f"Destinataire illisible : {value!r}.", code="recipient_invalid"
            ) from None
        target = {"person": people, "group": groups}.get(kind)
        if target is None or number <= 0:
            raise InvalidInput(f"Destinataire illisible : {value!r}.", code="recipient_invalid")
        if number not in target:
            target.append(number)
    if len(people) + len(groups) > MAX_CHOICES:
        raise InvalidInput(
            f"Un message peut avoir au plus {MAX_CHOICES} destinataires ou groupes.",
            code="too_many_recipients",
        )
    return Choice(tuple(people), tuple(groups))


def ensure_not_suspended(sender: Any) -> None:
    suspension = messaging_suspended_for(sender)
    if suspension is not None:
        raise MessagingSuspended(
            "L'envoi de messages est suspendu"
            f" ({suspension.reason}). Vous pouvez toujours lire vos messages."
        )


def authorise(sender: Any, choice: Choice, *, replying_to: Any = None) -> SenderContext:
    """Raise unless every person and group of `choice` may receive from `sender` now.

    Returns the sender's context (their classes, …), which the send reuses instead of asking
    the database again."""
    ensure_not_suspended(sender)
    context = load_context(sender)
    people_ok, groups_ok = _allowed(compute_reach(context), choice)
    author = getattr(replying_to, "pk", None)
    if (
        author in choice.people
        and author not in people_ok
        and can_communicate(sender, replying_to, replying_to=replying_to)
    ):
        people_ok.add(author)
    refused_people = [p for p in choice.people if p not in people_ok]
    refused_groups = [g for g in choice.groups if g not in groups_ok]
    if refused_people or refused_groups:
        raise _forbidden(refused_people, refused_groups)
    return context


def _allowed(reach: Any, choice: Choice) -> tuple[set[int], set[int]]:
    """The chosen people and groups the rules allow: one query (the two semi-joins, UNION ALL)."""
    kind: CharField[str, str] = CharField()
    people = (
        reachable_people(reach)
        .filter(pk__in=choice.people)
        .annotate(chosen_as=Value("person", output_field=kind))
        .values_list("pk", "chosen_as")
        .order_by()
    )
    if choice.groups:
        groups = (
            reachable_groups(reach)
            .filter(pk__in=choice.groups)
            .annotate(chosen_as=Value("group", output_field=kind))
            .values_list("pk", "chosen_as")
            .order_by()
        )
        people = people.union(groups, all=True)
    found: dict[str, set[int]] = {"person": set(), "group": set()}
    for pk, what in people:
        found[what].add(pk)
    return found["person"], found["group"]


def _forbidden(people: list[int], groups: list[int]) -> CommunicationForbidden:
    from django.contrib.auth import get_user_model

    names = [u.display_name for u in get_user_model().objects.filter(pk__in=people)]
    names += list(Group.objects.filter(pk__in=groups).values_list("name", flat=True))
    who = ", ".join(names) or "ces destinataires"
    return CommunicationForbidden(
        CommunicationForbidden.default_message.format(who),
        recipients=[f"person:{p}" for p in people] + [f"group:{g}" for g in groups],
    )
