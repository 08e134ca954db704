"""Advisory locks (ADR 0066): taken inside the writing transaction, one key per distinct name."""

import pytest
from django.db import connection, transaction

from preau.core.locks import LockKind, lock_names

pytestmark = pytest.mark.django_db(transaction=True)


def held_keys() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND pid = pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def test_a_lock_outside_a_transaction_is_refused_since_it_would_protect_nothing() -> None:
    with pytest.raises(RuntimeError):
        lock_names(LockKind.LOGIN, ["lea.martin"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks the whole database")
def test_each_distinct_name_is_held_until_the_commit() -> None:
    with transaction.atomic():
        taken = lock_names(LockKind.LOGIN, ["lea.martin", "hugo.roux", "lea.martin"])
        assert taken == 2
        assert held_keys() == 2
    assert held_keys() == 0
