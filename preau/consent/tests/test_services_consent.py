"""The school corrects a pupil's droit à l'image; nobody else can."""

from typing import Any

import pytest

from preau.consent.errors import NotAPupilOfTheSchool
from preau.consent.factories import refuse_photos
from preau.consent.models import PhotoConsent
from preau.consent.services import set_photo_consent
from preau.core.errors import PermissionDenied
from preau.core.models import AuditEvent


def test_director_corrects_a_refusal_and_it_is_dated_and_audited(fam: Any) -> None:
    refuse_photos(fam.ana, school=fam.cls.school)

    consent = set_photo_consent(fam.director, fam.cls.school, fam.ana.pk, True)

    assert (consent.allowed, consent.source, consent.changed_by) == (True, "school", fam.director)
    assert consent.decided_at is not None
    assert AuditEvent.objects.filter(action="consent.photo.changed").count() == 1


@pytest.mark.parametrize("who", ["teacher", "mother", "ana"])
def test_only_the_schools_managers_correct_it(fam: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        set_photo_consent(getattr(fam, who), fam.cls.school, fam.leo.pk, False)

    assert not PhotoConsent.objects.exists()


def test_a_person_who_is_not_a_pupil_of_the_school_is_refused(fam: Any) -> None:
    with pytest.raises(NotAPupilOfTheSchool):
        set_photo_consent(fam.director, fam.cls.school, fam.mother.pk, False)
