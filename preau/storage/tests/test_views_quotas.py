"""Storage management pages: who sees a school's usage and changes a person's quota."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from preau.core.models import AuditEvent
from preau.core.testing.fixtures import session_read_queries
from preau.directory.factories import FunctionAssignmentFactory
from preau.documents.factories import make_document
from preau.storage.models import Quota
from preau.storage.selectors import usage_of


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("director", True),
        ("academic", True),
        ("operator", True),
        ("elsewhere", False),
        ("teacher", False),
        ("atsem", False),
        ("parent", False),
        ("pupil", False),
    ],
)
def test_who_sees_a_schools_storage_and_changes_a_quota(client, t, who, allowed):
    client.force_login(getattr(t, who))
    school_url = reverse("storage:school", args=[t.school.pk])
    person_url = reverse("storage:person", args=[t.school.pk, t.parent.pk])
    assert client.get(school_url).status_code == (200 if allowed else 404)
    response = client.post(person_url, {"limit_gib": "2,5"})
    assert response.status_code == (302 if allowed else 404)
    expected = (5 << 29) if allowed else 1 << 30
    assert usage_of(t.parent).limit == expected
    schools = client.get(reverse("storage:schools")).content.decode()
    assert (escape(t.school.name) in schools) is allowed


def test_a_director_changes_a_quota_then_gives_back_the_default(client, t):
    make_document(t.parent, "mot.txt", b"x" * 3072)
    client.force_login(t.director)
    page = client.get(reverse("storage:school", args=[t.school.pk])).content.decode()
    assert escape(t.parent.list_name) in page and "3 Kio sur 1 Gio" in page
    url = reverse("storage:person", args=[t.school.pk, t.parent.pk])
    done = client.post(url, {"limit_gib": "2"}, follow=True).content.decode()
    assert f"Quota de {t.parent.display_name} enregistré." in done
    assert "limite personnelle" in done
    assert Quota.objects.get(user=t.parent).limit_bytes == 2 << 30
    assert AuditEvent.objects.filter(action="storage.quota_changed", actor=t.director).exists()
    client.post(url, {"limit_gib": ""})
    assert Quota.objects.get(user=t.parent).limit_bytes is None
    assert usage_of(t.parent).limit == 1 << 30


def test_a_wrong_limit_gets_a_french_message_and_changes_nothing(client, t):
    client.force_login(t.director)
    url = reverse("storage:person", args=[t.school.pk, t.parent.pk])
    page = client.post(url, {"limit_gib": "-3"}).content.decode()
    assert "supérieure ou égale à 0" in page
    assert not Quota.objects.filter(user=t.parent, limit_bytes__isnull=False).exists()


def test_a_person_outside_the_school_is_not_found(client, t):
    client.force_login(t.director)
    stranger = FunctionAssignmentFactory.create().user
    url = reverse("storage:person", args=[t.school.pk, stranger.pk])
    assert client.get(url).status_code == 404


def test_the_school_page_costs_the_same_whatever_its_size(client, t, django_assert_num_queries):
    client.force_login(t.director)
    url = reverse("storage:school", args=[t.school.pk])
    client.get(url)
    # the school, the director's scope (4), the people in one query…: 7, whatever their number
    with django_assert_num_queries(7 + session_read_queries()):
        first = client.get(url).content.decode()
    for i in range(3):
        make_document(t.parent, f"{i}.txt", b"y" * 100)
    with django_assert_num_queries(7 + session_read_queries()):
        assert client.get(url).content.decode().count("doc-item") == first.count("doc-item")


def test_quota_abilities_in_a_pinned_number_of_queries(t, django_assert_num_queries):
    from preau.storage import policies

    quota = Quota(user_id=t.parent.pk)
    with django_assert_num_queries(5):  # the director's scope (4), the person's schools
        assert policies.get_abilities(t.director, quota) == {"view": True, "change": True}
    with django_assert_num_queries(5):
        assert policies.get_abilities(t.parent, quota) == {"view": True, "change": False}
