import pytest

from preau.liaison.factories import make_class_with_families


@pytest.fixture
def fam(school_class):
    return make_class_with_families(school_class)
