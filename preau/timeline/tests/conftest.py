from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    """Delivery and mails run when enqueued (on commit), as a worker would run them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
