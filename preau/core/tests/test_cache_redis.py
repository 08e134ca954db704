from __future__ import annotations

import os

import pytest

from preau.core.cache import PreauRedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs the Redis server that .ci/run starts"
)


@pytest.fixture
def redis_cache():
    from django.conf import settings

    backend = PreauRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "preau-cache-test"})
    yield backend
    backend.delete_many(["carte", "absente"])


def test_cache_round_trips_values_and_reuses_one_client(redis_cache):
    redis_cache.set("carte", {"titre": "Sortie au musée"}, 30)
    assert redis_cache.get("carte") == {"titre": "Sortie au musée"}
    assert redis_cache.get_many(["carte", "absente"]) == {"carte": {"titre": "Sortie au musée"}}
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    redis_cache.delete("carte")
    assert redis_cache.get("carte") is None
