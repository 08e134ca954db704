"""Accounts lose indexes no query needs (ADR 0061); each index costs every new row version of
an account (an import renaming a school's 728 people writes them all).

- `email` (and its `varchar_pattern_ops` twin on PostgreSQL): sign-in and recovery look e-mails up
  case-insensitively through `accounts_user_email_upper`, and so do imports now
  (`imports/services/plan.py`); nothing compares the column itself.
- `login`'s `varchar_pattern_ops` twin (PostgreSQL only, made by Django for a unique `CharField`):
  logins are found by equality (the unique index) or case-insensitively through imports'
  `UPPER(login) text_pattern_ops` index (ADR 0051). A later `AlterField` of `login` would make it
  again: drop it again then."""

from django.db import migrations, models

from preau.core.migration_operations import DropIndexes

# index name → (table, column or parenthesised definition); PostgreSQL-only ones apart
INDEXES = {
    "accounts_user_email_b2644a56": ("accounts_user", "email"),
}
POSTGRESQL_INDEXES = {
    "accounts_user_email_b2644a56_like": ("accounts_user", "(email varchar_pattern_ops)"),
    "accounts_user_login_c2ed0b12_like": ("accounts_user", "(login varchar_pattern_ops)"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_email_upper_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="user",
                    name="email",
                    field=models.EmailField(
                        blank=True, max_length=254, verbose_name="adresse électronique"
                    ),
                ),
            ],
            database_operations=[
                DropIndexes(indexes=INDEXES, postgresql_indexes=POSTGRESQL_INDEXES)
            ],
        )
    ]
