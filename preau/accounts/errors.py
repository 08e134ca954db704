"""Typed errors of the login and password flows (stable codes for the API, French for people)."""

from __future__ import annotations

from preau.core.errors import PreauError


class InvalidCredentials(PreauError):
    code = "invalid_credentials"
    status = 401
    default_message = "Identifiant ou mot de passe incorrect."


class AccountBlocked(PreauError):
    code = "account_blocked"
    status = 403
    default_message = (
        "Ce compte est bloqué. Adressez-vous à la direction de l'école pour le débloquer."
    )


class TooManyAttempts(PreauError):
    code = "too_many_attempts"
    status = 429
    default_message = (
        "Trop de tentatives de connexion. Pour protéger le compte, "
        "réessayez dans {minutes} minute{plural}."
    )

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, int(retry_after))
        minutes = max(1, -(-self.retry_after // 60))
        super().__init__(
            self.default_message.format(minutes=minutes, plural="s" if minutes > 1 else "")
        )


class PasswordChangeRequired(PreauError):
    code = "password_change_required"
    status = 403
    default_message = "Vous devez d'abord choisir un nouveau mot de passe."


class WrongCurrentPassword(PreauError):
    code = "wrong_current_password"
    status = 422
    default_message = "Le mot de passe actuel est incorrect."


class PasswordRejected(PreauError):
    code = "password_rejected"
    status = 422
    default_message = "Ce mot de passe ne respecte pas les règles."

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(" ".join(messages), errors=messages)


class UnsupportedMediaType(PreauError):
    code = "unsupported_media_type"
    status = 415
    default_message = "Envoyez les données en JSON (Content-Type: application/json)."
