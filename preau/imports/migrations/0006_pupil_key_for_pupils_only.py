"""The pupil key's index again, its expression deciding first that an account without a birth
date (every adult) has no key (ADR 0061). PostgreSQL only, as migration 0004.

The key of such an account was already NULL (`… || NULL`), but PostgreSQL computed the names'
regular expressions and `translate` for it on every new row version: most of what this index cost
an import renaming its parents and teachers. The same keys, so the same lookups
(`namekey.pupil_key`, which a test compares with `pupil_key()` here); a new name, since the
expression changes. The text of 0004 (its letters table and separators) is reused as it was frozen
there."""

import importlib

from django.db import migrations

INDEX = "imports_user_pupil_key"
OLD = importlib.import_module("preau.imports.migrations.0004_pupil_name_key_index")


def pupil_key():
    """`namekey.pupil_key()` as it was when this index was created."""
    return f"CASE WHEN birth_date IS NULL THEN NULL ELSE {OLD.pupil_key()} END"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_user (({pupil_key()}))"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD.INDEX}")
        schema_editor.execute("ANALYZE accounts_user")  # statistics of the new expression


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        OLD.create(apps, schema_editor)
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0005_birth_date_index_dropped"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
