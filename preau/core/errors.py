"""Typed errors: a stable machine code and a French message for people.

Services raise these; the API turns them into `{"error": code, "message": text}` with `status`,
and views show `message` to the person.
"""

from __future__ import annotations


class PreauError(Exception):
    code = "error"
    status = 400
    default_message = "La demande n'a pas pu être traitée."

    def __init__(self, message: str | None = None, *, code: str | None = None, **details: object):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.details = details
        super().__init__(self.message)

    def as_payload(self) -> dict[str, object]:
        return {"error": self.code, "message": self.message, **self.details}


class PermissionDenied(PreauError):
    code = "forbidden"
    status = 403
    default_message = "Vous n'avez pas le droit de faire cela."


class NotFound(PreauError):
    code = "not_found"
    status = 404
    default_message = "Cet élément n'existe pas ou ne vous est pas accessible."


class InvalidInput(PreauError):
    code = "invalid_input"
    status = 422
    default_message = "Certaines informations sont invalides."


class Conflict(PreauError):
    code = "conflict"
    status = 409
    default_message = "Cette action entre en conflit avec l'état actuel."
