"""Two indexes on accounts for the lookups of every import (ADR 0050). PostgreSQL only: SQLite
(embedded mode) has no pattern index kind, and its tables are small.

- `upper(login)` with `text_pattern_ops`: `taken_logins` looks for every login starting with each
  `prenom.nom` of a school, case-insensitive; without it each search reads every account.
- `birth_date`: pupils moving in from another school are looked for by birth date; without it
  every import of a school scans every account of the platform."""

from django.db import migrations

INDEXES = {
    "imports_user_login_upper_prefix": "(UPPER(login::text) text_pattern_ops)",
    "imports_user_birth_date": "(birth_date)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON accounts_user {columns}")
        # Statistics for the expression index at once: sign-in's UPPER(login) = UPPER(%s) uses
        # it too (ADR 0051), and without them the planner walks the name index instead.
        schema_editor.execute("ANALYZE accounts_user")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("imports", "0002_import_jobs"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
