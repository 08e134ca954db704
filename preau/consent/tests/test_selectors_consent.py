"""Who may not appear on photos: per class (the blog's warning) and per school, in one query."""

from typing import Any

from preau.consent.factories import allow_photos, refuse_photos
from preau.consent.selectors import no_photo_ids, school_consents, without_photo_consent
from preau.directory.factories import make_pupil


def test_refused_and_unknown_consents_are_listed_granted_ones_are_not(fam: Any) -> None:
    refuse_photos(fam.ana, school=fam.cls.school)
    allow_photos(fam.leo, school=fam.cls.school)

    found = {p.first_name: p.photo_allowed for p in without_photo_consent(fam.cls)}

    assert found == {"Ana": False, "Zoé": None}


def test_a_refusal_in_another_class_is_not_listed(fam: Any) -> None:
    other = make_pupil(fam.other_class, first_name="Jules")
    refuse_photos(other, school=fam.cls.school)
    allow_photos(fam.ana, fam.leo, fam.zoe, school=fam.cls.school)

    assert no_photo_ids(fam.cls) == set()
    assert no_photo_ids(fam.other_class) == {other.pk}


def test_selectors_run_one_query_whatever_the_class_size(
    fam: Any, django_assert_num_queries: Any
) -> None:
    for i in range(5):
        refuse_photos(make_pupil(fam.cls, first_name=f"P{i}"), school=fam.cls.school)

    with django_assert_num_queries(1):
        assert len(list(without_photo_consent(fam.cls))) == 8
    with django_assert_num_queries(1):
        rows = school_consents(fam.cls.school)
    assert len(rows) == 8
    assert {r.label for r in rows} == {"Non", "Non renseigné"}
