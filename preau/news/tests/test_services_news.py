import datetime as dt

import pytest
from django.utils import timezone

from preau.core.errors import InvalidInput, PermissionDenied
from preau.news.factories import publish
from preau.news.models import NewsItem

pytestmark = pytest.mark.django_db


def test_director_publishes_for_their_school(town):
    item = publish(town.director, town.school)
    assert item.level == NewsItem.Level.SCHOOL
    assert list(item.schools.all()) == [town.school]


def test_director_cannot_publish_for_another_school(town):
    with pytest.raises(PermissionDenied):
        publish(town.director, town.other)


def test_collectivite_admin_publishes_for_its_schools_only(town):
    item = publish(town.mayor, town.school, school_ids=[town.school.pk, town.other.pk])
    assert (item.level, item.collectivite_id) == ("collectivite", town.school.collectivite_id)
    with pytest.raises(PermissionDenied):
        publish(town.mayor, town.far)


def test_teacher_cannot_publish(town):
    with pytest.raises(PermissionDenied):
        publish(town.teacher, town.school)


def test_expiry_before_publication_is_refused(town):
    now = timezone.now()
    with pytest.raises(InvalidInput):
        publish(town.director, town.school, publish_at=now, expires_at=now - dt.timedelta(days=1))
    assert NewsItem.objects.count() == 0
