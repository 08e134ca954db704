import pytest

from preau.liaison.factories import make_class_with_families
from preau.storage.testing import local_files  # noqa: F401


@pytest.fixture
def fam(school_class):
    return make_class_with_families(school_class)
