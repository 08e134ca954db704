"""The app's settings, with their defaults (rules.md §2 and §8). Overridable in config/settings."""

from __future__ import annotations

from django.conf import settings


def code_validity_days() -> int:
    return int(getattr(settings, "PREAU_ACTIVATION_CODE_DAYS", 90))


def absence_days() -> int:
    """Days an absent person keeps everything before being pre-deleted."""
    return int(getattr(settings, "PREAU_ABSENCE_DAYS", 30))


def predeletion_days() -> int:
    """Days a pre-deleted person waits before their personal data are deleted."""
    return int(getattr(settings, "PREAU_PREDELETION_DAYS", 60))


def batch_size() -> int:
    return int(getattr(settings, "PREAU_LIFECYCLE_BATCH_SIZE", 500))


def code_failure_limit() -> int:
    """Failed code checks for one (login, IP) before a cool-off, like login (rules.md §5)."""
    return int(getattr(settings, "AXES_FAILURE_LIMIT", 5))


def code_cooloff_seconds() -> int:
    return int(float(getattr(settings, "AXES_COOLOFF_TIME", 0.25)) * 3600)


def reset_link_seconds() -> int:
    return int(getattr(settings, "PREAU_RESET_LINK_SECONDS", 24 * 3600))
