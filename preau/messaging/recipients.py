"""Recipients: what the sender chose, and whether the communication rules allow it.

The rules have one source, `preau.communication` (ADR 0010). A send asks it once for the whole
list (`communication.send_check`, ADR 0026, 0055): the sender's context, then one statement with
the kill switch, the people's and the groups' semi-joins and, for a reply, the author answered:
the questions `can_communicate` asks for one recipient, so 30 recipients cost what one does. The
context is kept for the moderation check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from preau.communication.context import SenderContext
from preau.communication.send_check import check_send
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


def authorise(sender: Any, choice: Choice, *, replying_to: Any = None) -> SenderContext:
    """Raise unless every person and group of `choice` may receive from `sender` now.

    Two statements whatever the number of recipients (`communication.send_check`): the kill
    switch first (`messaging_suspended`), then any refused recipient (`communication_forbidden`,
    with their names). Returns the sender's context (their classes, …), which the send reuses
    instead of asking the database again."""
    check = check_send(sender, choice.people, choice.groups, replying_to=replying_to)
    if check.suspension is not None:
        raise MessagingSuspended(
            "L'envoi de messages est suspendu"
            f" ({check.suspension}). Vous pouvez toujours lire vos messages."
        )
    refused_people, refused_groups = check.refused(choice.people, choice.groups)
    if refused_people or refused_groups:
        raise _forbidden(refused_people, refused_groups)
    return check.context


def _forbidden(people: list[int], groups: list[int]) -> CommunicationForbidden:
    from django.contrib.auth import get_user_model

    names = [u.display_name for u in get_user_model().objects.filter(pk__in=people)]
    names += list(Group.objects.filter(pk__in=groups).values_list("name", flat=True))
    who = ", ".join(names) or "ces destinataires"
    return CommunicationForbidden(
        CommunicationForbidden.default_message.format(who),
        recipients=[f"person:{p}" for p in people] + [f"group:{g}" for g in groups],
    )
