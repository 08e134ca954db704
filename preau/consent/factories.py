"""Droit à l'image test data: consents set the way the import sets them."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from preau.consent.models import PhotoConsent
from preau.consent.services import record_imported


def refuse_photos(*pupils: Any, school: Any) -> None:
    """These pupils' families answered `Non` in ONDE."""
    record_imported(
        school,
        {p.pk: False for p in pupils},
        source=PhotoConsent.Source.ONDE,
        at=timezone.now(),
    )


def allow_photos(*pupils: Any, school: Any) -> None:
    record_imported(
        school, {p.pk: True for p in pupils}, source=PhotoConsent.Source.ONDE, at=timezone.now()
    )
