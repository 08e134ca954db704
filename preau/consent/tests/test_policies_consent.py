"""Who sees and corrects a pupil's droit à l'image, per profile."""

from typing import Any

import pytest

from preau.consent import policies
from preau.consent.factories import refuse_photos

EXPECTED = {
    "director": ({"view": True, "change": True}, 3, 5),
    "teacher": ({"view": False, "change": False}, 3, 5),
    "mother": ({"view": False, "change": False}, 0, 4),
    "ana": ({"view": False, "change": False}, 0, 4),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_abilities_and_visible_consents_per_profile(
    fam: Any, who: str, django_assert_num_queries: Any
) -> None:
    refuse_photos(fam.ana, fam.leo, fam.zoe, school=fam.cls.school)
    abilities, visible, queries = EXPECTED[who]
    user = getattr(fam, who)

    assert policies.get_abilities(user, fam.cls.school) == abilities
    # the scope (4), then the consents unless nothing can match
    with django_assert_num_queries(queries):
        assert len(list(policies.visible_to(user))) == visible
