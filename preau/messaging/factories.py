"""Factories and a builder for messagerie tests (messages go through the real services)."""

from __future__ import annotations

from typing import Any

import factory

from preau.messaging.models import ClassModeration, Folder


class FolderFactory(factory.django.DjangoModelFactory[Folder]):
    class Meta:
        model = Folder

    name = factory.Sequence(lambda n: f"Dossier {n}")


class ClassModerationFactory(factory.django.DjangoModelFactory[ClassModeration]):
    class Meta:
        model = ClassModeration

    enabled = True


def send(
    sender: Any, *recipients: Any, subject: str = "Bonjour", body: str = "<p>Texte</p>", **kw: Any
) -> Any:
    """Send through the real service: people as users, groups as `group:ID` tokens."""
    from preau.messaging.services import compose

    to = [r.pk if hasattr(r, "pk") else r for r in recipients]
    return compose.send(sender, to=to, subject=subject, body=body, **kw)
