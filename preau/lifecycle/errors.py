"""Typed errors of activation, recovery and lifecycle (stable codes, French messages)."""

from __future__ import annotations

from preau.core.errors import PreauError


class InvalidActivationCode(PreauError):
    code = "invalid_activation_code"
    status = 422
    default_message = (
        "Identifiant ou code incorrect, ou code expiré. Vérifiez la lettre, "
        "ou demandez un nouveau code à l'école."
    )


class CharterNotAccepted(PreauError):
    code = "charter_not_accepted"
    status = 422
    default_message = "Pour utiliser l'ENT, acceptez la charte d'utilisation."


class NoCharter(PreauError):
    code = "no_charter"
    status = 409
    default_message = "Aucune charte d'utilisation n'est publiée : contactez l'administrateur."


class InvalidResetLink(PreauError):
    code = "invalid_reset_link"
    status = 422
    default_message = (
        "Ce lien n'est plus valable : il a déjà servi ou a plus de 24 heures. "
        "Demandez-en un nouveau."
    )


class NotRestorable(PreauError):
    code = "not_restorable"
    status = 409
    default_message = "Ce compte n'est pas pré-supprimé : il n'y a rien à restaurer."
