from typing import Any

import pytest
from django.core.cache import cache

from preau.communication.selectors import BANNER_CACHE_KEY
from preau.communication.tests.helpers import TinySchool, tiny_school
from preau.storage.testing import local_files  # noqa: F401 (autouse: files in tmp_path)


@pytest.fixture(autouse=True)
def _fresh_banner_cache() -> Any:
    cache.delete(BANNER_CACHE_KEY)
    yield
    cache.delete(BANNER_CACHE_KEY)


@pytest.fixture
def tiny(db: Any) -> TinySchool:
    return tiny_school()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    """Fan-out, delivery and mails run when enqueued (on commit), as a worker would run them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def wide(db: Any) -> Any:
    from preau.communication.tests.helpers import wide_academie

    return wide_academie()
