from typing import Any

import pytest
from django.core.cache import cache

from preau.communication.selectors import BANNER_CACHE_KEY


@pytest.fixture(autouse=True)
def _fresh_banner_cache() -> Any:
    """Rolled-back suspensions must not linger in the banner cache for the next test."""
    cache.delete(BANNER_CACHE_KEY)
    yield
    cache.delete(BANNER_CACHE_KEY)


@pytest.fixture
def wide(db: Any) -> Any:
    from preau.communication.tests.helpers import wide_academie

    return wide_academie()
