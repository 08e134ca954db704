import pytest

from preau.communication.tests.helpers import tiny_school
from preau.storage.testing import (  # noqa: F401
    clamd_address,
    local_files,
    s3_endpoint,
    s3_files,
)


@pytest.fixture
def t(db):
    """A school: CE1 A (teacher, director, ATSEM, two pupils and their parents) and PS."""
    return tiny_school()
