"""Source records' user key loses its own index: `unique_source_record` (user, school, source,
profile) starts with it (ADR 0061, "considered"). Dropped by name, without Django's `AlterField`
(on PostgreSQL it drops and re-adds the foreign key, which re-checks every row)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from preau.core.migration_operations import DropIndexes

# index name → (table, column or parenthesised definition)
INDEXES = {
    "imports_sourcerecord_user_id_039fe9d3": ("imports_sourcerecord", "user_id"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0006_pupil_key_for_pupils_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="sourcerecord",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="source_records",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[DropIndexes(indexes=INDEXES)],
        )
    ]
