"""Accounts lose `imports_user_birth_date` (PostgreSQL only, migration 0003; ADR 0061): pupils
moving in are looked for through the pupil key's index since migration 0004, and nothing else
filters accounts by birth date. Every new version of an account's row paid for it."""

from django.db import migrations

from preau.core.migration_operations import DropIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0004_pupil_name_key_index"),
    ]

    operations = [
        DropIndexes(postgresql_indexes={"imports_user_birth_date": ("accounts_user", "birth_date")})
    ]
