"""Typed refusals of an upload: the API renders them as `{"error": code, "message": …}`."""

from __future__ import annotations

from preau.core.errors import PreauError


def human_size(size: int) -> str:
    """1536 → "1,5 Kio": sizes as a French reader expects them."""
    value = float(size)
    for unit in ("octets", "Kio", "Mio", "Gio"):
        if value < 1024 or unit == "Gio":
            text = f"{value:.0f}" if unit == "octets" else f"{value:.1f}".replace(".", ",")
            return f"{text.removesuffix(',0')} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


class QuotaExceeded(PreauError):
    code = "quota_exceeded"
    status = 413
    default_message = "Votre espace de stockage est plein."

    @classmethod
    def for_usage(cls, used: int, limit: int, needed: int) -> QuotaExceeded:
        return cls(
            f"Votre espace de stockage est plein : {human_size(used)} utilisés sur "
            f"{human_size(limit)}, et ce fichier fait {human_size(needed)}. Supprimez des "
            "fichiers (pensez à vider la corbeille) ou demandez plus de place à "
            "l'administrateur.",
            used=used,
            limit=limit,
            needed=needed,
        )


class FileTooLarge(PreauError):
    code = "file_too_large"
    status = 413
    default_message = "Ce fichier est trop volumineux."

    @classmethod
    def over(cls, limit: int) -> FileTooLarge:
        return cls(
            f"Ce fichier est trop volumineux : {human_size(limit)} au plus ici.", limit=limit
        )


class FileTypeRefused(PreauError):
    code = "file_type_refused"
    status = 415
    default_message = (
        "Ce type de fichier n'est pas accepté. Envoyez une image, un PDF, un document "
        "bureautique, un son ou une vidéo."
    )


class VirusFound(PreauError):
    code = "virus_found"
    status = 422
    default_message = "Ce fichier contient un virus : il a été refusé et n'a pas été enregistré."


class ScanUnavailable(PreauError):
    code = "virus_scan_unavailable"
    status = 503
    default_message = (
        "L'analyse antivirus est indisponible pour le moment : réessayez dans quelques minutes."
    )


class EmptyFile(PreauError):
    code = "file_empty"
    status = 422
    default_message = "Ce fichier est vide."
