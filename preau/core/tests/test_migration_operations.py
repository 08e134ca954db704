"""`DropIndexes` drops an index Django made for a field, and migrating back makes it again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

INDEX = "consent_photoconsent_pupil_id_ed108804"


def consent_indexes() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "consent_photoconsent"))


def migrate_consent_to(name: str = "") -> None:
    """To migration `name` of the consent app, or to its latest when `name` is empty."""
    executor = MigrationExecutor(connection)
    target = ("consent", name) if name else executor.loader.graph.leaf_nodes("consent")[0]
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_migrating_back_makes_the_dropped_index_again_and_forward_drops_it():
    assert INDEX not in consent_indexes()
    try:
        migrate_consent_to("0002_consents_from_imported_rows")
        assert INDEX in consent_indexes()
    finally:
        migrate_consent_to()
    assert INDEX not in consent_indexes()
