"""What the compose form starts from (new, reply, reply all, forward, draft) and its labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import formats, timezone

from preau.core.errors import NotFound
from preau.directory.models import Group
from preau.messaging.models import Delivery, Message
from preau.messaging.recipients import Choice
from preau.messaging.sanitize import quote
from preau.messaging.selectors import open_copy


@dataclass(frozen=True)
class Chosen:
    token: str
    label: str


def labels_for(choice: Choice) -> list[Chosen]:
    people = {
        u.pk: u.display_name
        for u in get_user_model()
        .objects.filter(pk__in=choice.people)
        .only("id", "first_name", "last_name", "usage_name")
    }
    groups = dict(Group.objects.filter(pk__in=choice.groups).values_list("id", "name"))
    return [Chosen(f"person:{p}", people[p]) for p in choice.people if p in people] + [
        Chosen(f"group:{g}", groups[g]) for g in choice.groups if g in groups
    ]


def _prefixed(prefix: str, subject: str) -> str:
    return subject if subject.lower().startswith(prefix.lower()) else f"{prefix} {subject}".strip()


def initial_for(user: Any, params: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "to": [],
        "subject": "",
        "body": "",
        "body_format": "html",
        "draft_id": None,
        "in_reply_to_id": None,
        "mode": Message.Mode.NEW,
    }
    if params.get("a", "").isdigit():
        data["to"] = [f"person:{params['a']}"]
    if params.get("brouillon", "").isdigit():
        return _from_draft(user, int(params["brouillon"]), data)
    if params.get("repondre", "").isdigit():
        return _answer(user, int(params["repondre"]), params.get("mode", "reply"), data)
    return data


def _from_draft(user: Any, draft_id: int, data: dict[str, Any]) -> dict[str, Any]:
    copy = open_copy(user, draft_id)
    if copy is None or copy.box != Delivery.Box.DRAFTS:
        raise NotFound("Ce brouillon n'existe plus.")
    m = copy.message
    tokens = [f"person:{p}" for p in m.to_users] + [f"group:{g}" for g in m.to_groups]
    data.update(
        to=tokens,
        subject=m.subject,
        body=m.body,
        draft_id=m.pk,
        in_reply_to_id=m.in_reply_to_id,
        mode=m.mode,
    )
    return data


def _answer(user: Any, message_id: int, mode: str, data: dict[str, Any]) -> dict[str, Any]:
    copy = open_copy(user, message_id)
    if copy is None:
        raise NotFound()
    m = copy.message
    date = formats.date_format(timezone.localtime(m.sent_at or m.created_at), "j F Y à H:i")
    data["in_reply_to_id"] = m.pk
    data["body"] = quote(m.body, m.sender.display_name, f"le {date}")
    if mode == Message.Mode.FORWARD:
        data.update(mode=mode, subject=_prefixed("Tr :", m.subject))
        return data
    to = [f"person:{m.sender_id}"]
    if mode == Message.Mode.REPLY_ALL:
        to += [f"person:{p}" for p in m.to_users if p not in (user.pk, m.sender_id)]
        to += [f"group:{g}" for g in m.to_groups]
    else:
        mode = Message.Mode.REPLY
    data.update(mode=mode, to=to, subject=_prefixed("Re :", m.subject))
    return data
