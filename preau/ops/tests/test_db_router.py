import pytest
from django.db import transaction

from preau.accounts.models import User
from preau.ops.db_router import ReadReplicaRouter, pinned_to_primary


@pytest.fixture
def replicas(settings):
    settings.PREAU_DATABASE_REPLICAS = ["replica_1", "replica_2"]
    return ReadReplicaRouter()


def test_without_replicas_everything_reads_the_primary(settings):
    settings.PREAU_DATABASE_REPLICAS = []
    with pinned_to_primary(False):
        assert ReadReplicaRouter().db_for_read(User) == "default"


def test_a_read_only_request_reads_a_replica(replicas):
    with pinned_to_primary(False):
        chosen = {replicas.db_for_read(User) for _ in range(50)}
    assert chosen == {"replica_1", "replica_2"}


def test_after_a_write_the_same_request_reads_its_own_writes_on_the_primary(replicas):
    with pinned_to_primary(False):
        assert replicas.db_for_write(User) == "default"
        assert replicas.db_for_read(User) == "default"
    with pinned_to_primary(False):  # the next request starts on the replicas again
        assert replicas.db_for_read(User).startswith("replica_")


def test_a_writing_request_reads_the_primary_from_the_start(replicas):
    with pinned_to_primary(True):
        assert replicas.db_for_read(User) == "default"


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_reads_stay_on_the_primary(replicas):
    with pinned_to_primary(False), transaction.atomic():
        assert replicas.db_for_read(User) == "default"


def test_migrations_run_on_the_primary_only(replicas):
    assert replicas.allow_migrate("default", "accounts")
    assert not replicas.allow_migrate("replica_1", "accounts")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "pinned"), [("get", False), ("post", True)])
def test_the_middleware_pins_unsafe_methods_to_the_primary(rf, method, pinned):
    from preau.ops.db_router import is_pinned
    from preau.ops.middleware import ReadReplicaMiddleware

    seen = []

    def view(request):
        from django.http import HttpResponse

        seen.append(is_pinned())
        return HttpResponse()

    ReadReplicaMiddleware(view)(getattr(rf, method)("/"))

    assert seen == [pinned]
    assert not is_pinned()
