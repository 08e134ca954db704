"""Migration operations shared by several apps' migrations. Migrations import them, so their
behaviour is frozen: change one only in a way that keeps every applied migration meaning the same.
"""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations.base import Operation

# index name → (table, column or parenthesised definition)
Indexes = dict[str, tuple[str, str]]


class DropIndexes(Operation):
    """Drops indexes by name, `IF EXISTS` (ADR 0061); backwards, makes them again.

    For indexes Django made for a field (`db_index`, a `CharField`'s `varchar_pattern_ops` twin)
    without Django's `AlterField`, which on PostgreSQL drops and re-adds the field's foreign key
    and re-checks every row. Pair it with the field's `AlterField` in `state_operations` of a
    `SeparateDatabaseAndState`. `postgresql_indexes` exist only on PostgreSQL."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, indexes: Indexes | None = None, postgresql_indexes: Indexes | None = None):
        self.indexes = dict(indexes or {})
        self.postgresql_indexes = dict(postgresql_indexes or {})

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"indexes": self.indexes, "postgresql_indexes": self.postgresql_indexes}
        return self.__class__.__name__, [], kwargs

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # the schema state is the fields' business (`AlterField` in state_operations)

    def _indexes(self, connection: Any) -> Indexes:
        found = dict(self.indexes)
        if connection.vendor == "postgresql":
            found.update(self.postgresql_indexes)
        return found

    def database_forwards(self, app_label: str, schema_editor: Any, *_: Any) -> None:
        for name in self._indexes(schema_editor.connection):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    def database_backwards(self, app_label: str, schema_editor: Any, *_: Any) -> None:
        for name, (table, columns) in self._indexes(schema_editor.connection).items():
            columns = columns if columns.startswith("(") else f"({columns})"
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}")

    def describe(self) -> str:
        names = [*self.indexes, *self.postgresql_indexes]
        return f"Drop indexes {', '.join(names)}"
