"""The pupil key of photo consents loses its own index: `unique_photo_consent` (pupil, school)
starts with it (ADR 0061). Dropped by name, without Django's `AlterField` (on PostgreSQL it
drops and re-adds the foreign key, which re-checks every row)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from preau.core.migration_operations import DropIndexes

# index name → (table, column or parenthesised definition)
INDEXES = {
    "consent_photoconsent_pupil_id_ed108804": ("consent_photoconsent", "pupil_id"),
}


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
            database_operations=[DropIndexes(indexes=INDEXES)],
        )
    ]
