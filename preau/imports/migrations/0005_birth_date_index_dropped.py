"""Accounts lose `imports_user_birth_date` (PostgreSQL only, migration 0003; ADR 0061): pupils
moving in are looked for through the pupil key's index since migration 0004, and nothing else
filters accounts by birth date. Every new version of an account's row paid for it."""

from django.db import migrations

INDEX = "imports_user_birth_date"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_user (birth_date)")


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0004_pupil_name_key_index"),
    ]

    operations = [migrations.RunPython(drop, create, elidable=False)]
