from types import SimpleNamespace

import pytest

from preau.communication.tests.helpers import tiny_school
from preau.directory.factories import AcademieFactory, FunctionAssignmentFactory, UserFactory
from preau.directory.models import Function
from preau.storage.testing import clamd_address, local_files, s3_endpoint, s3_files  # noqa: F401


@pytest.fixture
def t(db):
    """A school (tiny_school) with an académie admin over it, one elsewhere, an operator."""
    tiny = tiny_school()
    academie = tiny.school.circonscription.departement.academie
    return SimpleNamespace(
        **vars(tiny),
        academic=FunctionAssignmentFactory.create(
            function=Function.ADMIN_ACADEMIQUE, school=None, academie=academie
        ).user,
        elsewhere=FunctionAssignmentFactory.create(
            function=Function.ADMIN_ACADEMIQUE,
            school=None,
            academie=AcademieFactory.create(code="RENNES", name="Rennes"),
        ).user,
        operator=UserFactory.create(is_superuser=True),
    )
