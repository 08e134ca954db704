"""A pattern index on upper(login), for the login allocation of imports (ADR 0050).

`taken_logins` looks for every login starting with each `prenom.nom` of a school, case-insensitive
(`UPPER(login::text) LIKE UPPER('lea.martin%')`). Without this index each of those searches reads
every account of the platform. PostgreSQL only: SQLite (embedded mode) has no such index kind and
small tables."""

from django.db import migrations

INDEX = "imports_user_login_upper_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_user "
            "(UPPER(login::text) text_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("imports", "0002_import_jobs"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
