"""Typed errors of the messagerie (stable codes for the API, French for people)."""

from __future__ import annotations

from preau.core.errors import PreauError


class CommunicationForbidden(PreauError):
    code = "communication_forbidden"
    status = 403
    default_message = "Les règles de communication de l'école ne permettent pas d'écrire à : {}."


class MessagingSuspended(PreauError):
    code = "messaging_suspended"
    status = 403
    default_message = (
        "L'envoi de messages est suspendu pour le moment. Vous pouvez toujours lire vos messages."
    )
