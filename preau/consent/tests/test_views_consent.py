"""The director's droit à l'image page and the teacher's "pas de photo" marker."""

from typing import Any

import pytest
from django.urls import reverse

from preau.consent.factories import allow_photos, refuse_photos
from preau.consent.models import PhotoConsent
from preau.core.testing.fixtures import session_read_queries
from preau.directory.factories import make_pupil


def test_director_sees_every_pupil_with_the_imported_answer(client: Any, fam: Any) -> None:
    refuse_photos(fam.ana, school=fam.cls.school)
    allow_photos(fam.leo, school=fam.cls.school)
    client.force_login(fam.director)

    page = client.get(reverse("consent:school", args=[fam.cls.school.pk])).content.decode()

    rows = {
        p.pk: page.split(f'data-testid="consent-{p.pk}"')[1].split("</tr>")[0]
        for p in (fam.ana, fam.leo, fam.zoe)
    }
    assert "<td>Non</td>" in rows[fam.ana.pk] and "Import ONDE" in rows[fam.ana.pk]
    assert "<td>Oui</td>" in rows[fam.leo.pk]
    assert "Non renseigné" in rows[fam.zoe.pk]


def test_director_corrects_a_consent_from_the_page(client: Any, fam: Any) -> None:
    refuse_photos(fam.ana, school=fam.cls.school)
    client.force_login(fam.director)
    url = reverse("consent:school", args=[fam.cls.school.pk])

    response = client.post(url, {"pupil": fam.ana.pk, "allowed": "oui"}, follow=True)

    assert "Autorisation de photo enregistrée." in response.content.decode()
    assert PhotoConsent.objects.get(pupil=fam.ana).allowed is True


@pytest.mark.parametrize("who", ["teacher", "mother", "ana"])
def test_the_page_is_the_managers_only(client: Any, fam: Any, who: str) -> None:
    client.force_login(getattr(fam, who))

    response = client.get(reverse("consent:school", args=[fam.cls.school.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("extra_pupils", [0, 5])
def test_school_page_query_count_does_not_grow(
    client: Any, fam: Any, extra_pupils: int, django_assert_num_queries: Any
) -> None:
    for i in range(extra_pupils):
        refuse_photos(make_pupil(fam.cls, first_name=f"P{i}"), school=fam.cls.school)
    client.force_login(fam.director)
    url = reverse("consent:school", args=[fam.cls.school.pk])
    client.get(url)

    # user, school, scope (4), rows (1)
    with django_assert_num_queries(7 + session_read_queries()):
        client.get(url)


def test_teacher_class_list_marks_pupils_without_photo_consent(client: Any, fam: Any) -> None:
    refuse_photos(fam.ana, school=fam.cls.school)
    allow_photos(fam.leo, school=fam.cls.school)
    client.force_login(fam.teacher)

    page = client.get(reverse("lifecycle:class", args=[fam.cls.pk])).content.decode()

    marked = [
        p.first_name
        for p in (fam.ana, fam.leo, fam.zoe)
        if "pas de photo" in page.split(p.list_name)[1].split("</th>")[0]
    ]
    assert marked == ["Ana", "Zoé"]
