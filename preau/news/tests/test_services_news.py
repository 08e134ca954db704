import datetime as dt

import pytest
from django.utils import timezone

from preau.core.errors import InvalidInput, PermissionDenied
from preau.directory.services.groups import refresh_derived_groups
from preau.news.factories import publish
from preau.news.models import NewsItem
from preau.timeline.models import Event
from preau.timeline.services import audience_ids

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


def test_families_news_is_announced_to_families_not_staff(town):
    refresh_derived_groups(town.school)  # as the directory services keep them (factories don't)
    publish(town.director, town.school, for_staff=False)
    event = Event.objects.get(kind="news.published")
    readers = set(audience_ids(event).values_list("pk", flat=True))
    assert {town.pupil.pk, town.parent.pk} <= readers
    assert town.teacher.pk not in readers and town.atsem.pk not in readers


def test_scheduled_news_is_not_announced_before_its_date(town):
    publish(town.director, town.school, publish_at=timezone.now() + dt.timedelta(days=2))
    assert not Event.objects.exists()
