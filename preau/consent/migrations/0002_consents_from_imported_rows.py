"""Pupils imported before the droit à l'image existed: their last ONDE/AAF row gives the flag.

Without it, the import (which writes a consent only when the imported value changes) would
never set theirs."""

from django.db import migrations

COLUMN = "autorisationsphotos"


def backfill(apps, schema_editor):
    SourceRecord = apps.get_model("imports", "SourceRecord")
    PhotoConsent = apps.get_model("consent", "PhotoConsent")
    rows = []
    records = SourceRecord.objects.filter(profile="eleve", data__has_key=COLUMN).iterator(
        chunk_size=2000
    )
    for record in records:
        value = str(record.data.get(COLUMN, "")).strip().casefold()
        if value in ("oui", "non"):
            rows.append(
                PhotoConsent(
                    pupil_id=record.user_id,
                    school_id=record.school_id,
                    allowed=value == "oui",
                    source=record.source,
                    decided_at=record.imported_at,
                )
            )
    PhotoConsent.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0001_initial"),
        ("imports", "0002_import_jobs"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
