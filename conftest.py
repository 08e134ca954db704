"""Root pytest configuration: test settings and the shared fixtures' plugins."""

import os

os.environ.setdefault("PREAU_ENV", "test")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

pytest_plugins = ["preau.core.testing.fixtures", "preau.core.testing.browser"]
