"""The storage core's settings, read once per call so tests can override them."""

from __future__ import annotations

from django.conf import settings

MIB = 1 << 20

# Types accepted from the content (libmagic), whatever the file is called.
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
PDF_TYPE = "application/pdf"
ALLOWED_TYPES = IMAGE_TYPES | {
    PDF_TYPE,
    "text/plain",
    "text/csv",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.graphics",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "audio/mpeg",
    "audio/ogg",
    "audio/x-wav",
    "audio/wav",
    "audio/x-m4a",
    "audio/mp4",
    "audio/flac",
    "video/mp4",
    "video/webm",
    "video/ogg",
    "video/quicktime",
}
# Shown in the browser rather than downloaded (never HTML or SVG: they could run scripts).
INLINE_TYPES = (
    IMAGE_TYPES | {PDF_TYPE} | {t for t in ALLOWED_TYPES if t.startswith(("audio/", "video/"))}
)


def service_limits() -> dict[str, int]:
    """PREAU_UPLOAD_SERVICE_LIMITS_MB ("documents:500,…") as bytes per service."""
    limits: dict[str, int] = {}
    for item in settings.PREAU_UPLOAD_SERVICE_LIMITS_MB:
        service, _, megabytes = item.partition(":")
        limits[service.strip()] = int(megabytes) * MIB
    return limits


def profile_limit(staff: bool) -> int:
    megabytes = settings.PREAU_UPLOAD_MAX_STAFF_MB if staff else settings.PREAU_UPLOAD_MAX_FAMILY_MB
    return int(megabytes) * MIB


def default_quota(staff: bool) -> int:
    return int(settings.PREAU_QUOTA_STAFF_BYTES if staff else settings.PREAU_QUOTA_FAMILY_BYTES)
