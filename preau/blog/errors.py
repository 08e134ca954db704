"""Typed errors of the class blog (stable codes for the API)."""

from __future__ import annotations

from preau.core.errors import Conflict, InvalidInput


class MediaTypeRefused(InvalidInput):
    code = "file_type_refused"
    status = 415
    default_message = "Seules les photos, les sons et les vidéos peuvent illustrer un article."


class PhotoConsentNotChecked(InvalidInput):
    code = "photo_consent_not_checked"
    default_message = (
        "Des élèves de la classe n'ont pas l'autorisation d'être photographiés : vérifiez "
        "qu'ils n'apparaissent pas sur les photos, puis cochez la case de confirmation."
    )


class NotPending(Conflict):
    code = "not_pending"
    default_message = "Cet élément a déjà été validé ou refusé."


class TooManyMedia(InvalidInput):
    code = "too_many_media"
    default_message = "Un article peut avoir au plus 20 photos, sons ou vidéos."
