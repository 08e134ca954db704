"""All writes of the droit à l'image: the import's values and the school's corrections."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from preau.consent import errors, policies
from preau.consent.models import PhotoConsent
from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.directory.models import Profile, ProfileAssignment, School


def set_photo_consent(actor: Any, school: School, pupil_id: int, allowed: bool) -> PhotoConsent:
    """A manager of the school corrects a pupil's consent (source "school", dated now)."""
    authorize(policies, actor, "change", school)
    is_pupil = ProfileAssignment.objects.filter(
        user_id=pupil_id, school=school, profile=Profile.ELEVE
    ).exists()
    if not is_pupil:
        raise errors.NotAPupilOfTheSchool(field="pupil")
    with transaction.atomic():
        consent, _ = PhotoConsent.objects.update_or_create(
            pupil_id=pupil_id,
            school=school,
            defaults={
                "allowed": bool(allowed),
                "source": PhotoConsent.Source.SCHOOL,
                "decided_at": timezone.now(),
                "changed_by": actor,
            },
        )
        audit(actor, "consent.photo.changed", consent, pupil=pupil_id, allowed=bool(allowed))
    return consent


def record_imported(
    school: School, values: dict[int, bool], *, source: str, at: datetime.datetime
) -> int:
    """Set consents read from an import (pupil id → Oui/Non); call inside the import's
    transaction, only for the values that changed since the previous import."""
    if not values:
        return 0
    if connection.vendor == "postgresql":
        return _upsert_imported(school, values, source, at)
    rows = [
        PhotoConsent(pupil_id=uid, school=school, allowed=allowed, source=source, decided_at=at)
        for uid, allowed in sorted(values.items())
    ]
    PhotoConsent.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["pupil", "school"],
        update_fields=["allowed", "source", "decided_at", "changed_by"],
    )
    return len(rows)


def _upsert_imported(
    school: School, values: dict[int, bool], source: str, at: datetime.datetime
) -> int:
    """`bulk_create(update_conflicts=…)` as one statement whose pupils and values are two array
    parameters (ADR 0059): Django's would send, and first prepare, six parameters per pupil."""
    table = connection.ops.quote_name(PhotoConsent._meta.db_table)
    pupils = sorted(values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} "  # noqa: S608 (the table name from the model, no value)
            "(pupil_id, school_id, allowed, source, decided_at, changed_by_id) "
            "SELECT v.pupil, %s, v.allowed, %s, %s, NULL "
            "FROM unnest(%s::bigint[], %s::boolean[]) AS v(pupil, allowed) "
            "ON CONFLICT (pupil_id, school_id) DO UPDATE SET allowed = EXCLUDED.allowed, "
            "source = EXCLUDED.source, decided_at = EXCLUDED.decided_at, changed_by_id = NULL",
            [school.pk, str(source), at, pupils, [bool(values[uid]) for uid in pupils]],
        )
    return len(pupils)
