"""Who may import into a school: its director, admins over it; nobody else."""

from __future__ import annotations

from typing import Any

import pytest

from preau.core.errors import PermissionDenied
from preau.directory.factories import SchoolFactory
from preau.directory.models import FunctionAssignment
from preau.imports import policies
from preau.imports.services import import_onde
from preau.imports.tests.conftest import small_files

pytestmark = pytest.mark.django_db


def _director_school(demo: Any) -> Any:
    return FunctionAssignment.objects.get(user=demo.directeur, function="directeur").school


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("directeur", True),
        ("admin", True),
        ("enseignant", False),
        ("parent", False),
        ("inspecteur", False),
        ("collectivite", False),
    ],
)
def test_only_the_schools_managers_may_import(demo: Any, who: str, allowed: bool) -> None:
    user = getattr(demo, who)
    school = _director_school(demo)

    assert policies.get_abilities(user, school) == {"import": allowed, "export": allowed}
    assert (school in policies.visible_to(user)) is allowed


def test_a_director_cannot_import_into_another_school(demo: Any) -> None:
    other = SchoolFactory.create()

    with pytest.raises(PermissionDenied):
        import_onde(demo.directeur, other, small_files(), school_year=2025)


def test_abilities_cost_a_fixed_number_of_queries(
    demo: Any, django_assert_num_queries: Any
) -> None:
    school = _director_school(demo)
    with django_assert_num_queries(4):
        policies.get_abilities(demo.directeur, school)
