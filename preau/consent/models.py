"""Droit à l'image (rules.md §9.2): one consent flag per pupil and school, with its source and date.

ONDE's `Autorisations photos` column (Oui/Non) sets it at import; the school's managers may correct
it. A pupil without a row, or with `allowed` None, has no known consent: treated like a refusal
wherever photos are published (never public by default, minors).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preau.directory.models import School


class PhotoConsent(models.Model):
    class Source(models.TextChoices):
        ONDE = "onde", "Import ONDE"
        AAF = "aaf", "Annuaire académique (AAF)"
        SCHOOL = "school", "Correction par l'école"

    # No index of its own: `unique_photo_consent` starts with it (ADR 0061).
    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="photo_consents",
        db_index=False,
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="photo_consents")
    allowed = models.BooleanField("autorise les photos", null=True)
    source = models.CharField("origine", max_length=10, choices=Source.choices)
    decided_at = models.DateTimeField("date")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "droit à l'image"
        verbose_name_plural = "droits à l'image"
        constraints = [
            models.UniqueConstraint(fields=["pupil", "school"], name="unique_photo_consent")
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id}@{self.school_id}: {self.allowed}"


def parse_onde_value(value: str) -> bool | None:
    """`Oui` / `Non` (any case, spaces) → True / False; anything else is no information."""
    cleaned = (value or "").strip().casefold()
    return {"oui": True, "non": False}.get(cleaned)
