import pytest

from preau.blog.factories import make_blog_class
from preau.storage.testing import local_files  # noqa: F401


@pytest.fixture
def fam(school_class):
    return make_blog_class(school_class)


@pytest.fixture
def immediate_tasks(settings):
    """Delivery and mails run as soon as they are enqueued (after commit)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
