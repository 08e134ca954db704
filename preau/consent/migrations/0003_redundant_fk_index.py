"""The pupil key of photo consents loses its own index: `unique_photo_consent` (pupil, school)
starts with it (ADR 0061). Dropped by name, without Django's `AlterField` (on PostgreSQL it
drops and re-adds the foreign key, which re-checks every row)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# index name → (table, column or parenthesised definition); PostgreSQL-only ones apart
INDEXES = {
    "consent_photoconsent_pupil_id_ed108804": ("consent_photoconsent", "pupil_id"),
}
POSTGRESQL_INDEXES = {}


def _indexes(connection):
    found = dict(INDEXES)
    if connection.vendor == "postgresql":
        found.update(POSTGRESQL_INDEXES)
    return found


def drop(apps, schema_editor):
    for name in _indexes(schema_editor.connection):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    for name, (table, columns) in _indexes(schema_editor.connection).items():
        columns = columns if columns.startswith("(") else f"({columns})"
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}")


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0002_consents_from_imported_rows"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="photoconsent",
                    name="pupil",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="photo_consents",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create, elidable=False)],
        )
    ]
