"""The director's rules screen and the académie kill switch, without JavaScript."""

import html

import pytest
from django.urls import reverse

from preau.communication import catalogue as c
from preau.communication.models import CommunicationRule, MessagingSuspension
from preau.communication.selectors import can_communicate
from preau.communication.tests.helpers import tiny_school
from preau.core.testing.fixtures import session_read_queries
from preau.directory.factories import FunctionAssignmentFactory
from preau.directory.models import Function


@pytest.fixture
def t(db):
    return tiny_school()


def school_url(t, name="communication:school"):
    return reverse(name, args=[t.school.uai])


def test_director_reads_the_rules_in_plain_french_and_opens_a_link(client, t):
    client.force_login(t.director)
    page = client.get(school_url(t)).content.decode()
    assert "Les parents peuvent écrire :" in page
    assert "aux autres parents de la classe" not in page
    response = client.post(school_url(t), {c.PARENTS_TO_PARENTS: "on"}, follow=True)
    assert "Règles enregistrées." in response.content.decode()
    assert "aux autres parents de la classe" in response.content.decode()
    assert can_communicate(t.parent, t.classmate_parent)


def test_reset_brings_back_the_defaults(client, t):
    client.force_login(t.director)
    client.post(school_url(t), {c.PARENTS_TO_PUPILS: "on"})
    client.post(school_url(t, "communication:school_reset"))
    assert not can_communicate(t.parent, t.classmate)
    assert CommunicationRule.objects.get(school=t.school, code=c.PARENTS_TO_PUPILS).enabled is False


@pytest.mark.parametrize("who", ["teacher", "parent", "pupil", "atsem"])
def test_others_cannot_see_or_change_the_rules(client, t, who):
    client.force_login(getattr(t, who))
    assert client.get(school_url(t)).status_code == 404
    assert client.post(school_url(t), {c.PARENTS_TO_PARENTS: "on"}).status_code == 404
    assert not CommunicationRule.objects.filter(school=t.school).exists()


def test_school_kill_switch_form_and_banner(client, t):
    client.force_login(t.director)
    response = client.post(
        school_url(t, "communication:school_suspend"),
        {"reason": "Messages déplacés", "profile": "eleve", "ends_at": ""},
        follow=True,
    )
    assert "suspendu dès maintenant" in response.content.decode()
    assert not can_communicate(t.pupil, t.teacher)
    client.force_login(t.pupil)
    home = client.get(reverse("portal:home")).content.decode()
    assert "Envoi de messages suspendu" in home and "Messages déplacés" in home
    client.force_login(t.director)
    suspension = MessagingSuspension.objects.get()
    client.post(reverse("communication:lift", args=[suspension.pk]), {"next": "school"})
    assert can_communicate(t.pupil, t.teacher)


def test_a_suspension_without_reason_is_refused_with_a_message(client, t):
    client.force_login(t.director)
    response = client.post(
        school_url(t, "communication:school_suspend"), {"reason": ""}, follow=True
    )
    assert "n'a pas été enregistrée" in html.unescape(response.content.decode())
    assert not MessagingSuspension.objects.exists()


def test_academie_screen_is_for_academie_admins(client, t):
    client.force_login(t.director)
    assert client.get(reverse("communication:academie")).status_code == 404
    admin = FunctionAssignmentFactory.create(
        function=Function.ADMIN_ACADEMIQUE,
        school=None,
        academie=t.school.circonscription.departement.academie,
    ).user
    client.force_login(admin)
    assert client.get(reverse("communication:academie")).status_code == 200
    client.post(reverse("communication:academie"), {"reason": "Incident", "profile": "responsable"})
    assert not can_communicate(t.parent, t.teacher)
    assert can_communicate(t.teacher, t.parent)


def test_rules_screen_query_count(client, t, django_assert_num_queries):
    client.force_login(t.director)
    client.get(school_url(t))
    with django_assert_num_queries(SCREEN_QUERIES):
        assert client.get(school_url(t)).status_code == 200


SCREEN_QUERIES = 8 + session_read_queries()


def test_teacher_opens_a_link_for_their_own_class_only(client, t):
    client.force_login(t.teacher)
    url = reverse("communication:class", args=[t.ce1.pk])
    page = html.unescape(client.get(url).content.decode())
    assert "Comme l'école (fermé)" in page
    client.post(url, {c.PARENTS_TO_PARENTS: "on", c.PARENTS_TO_PUPILS: "ecole"})
    assert can_communicate(t.parent, t.classmate_parent)
    assert not can_communicate(t.parent, t.classmate)
    assert client.get(reverse("communication:class", args=[t.ps.pk])).status_code == 404
    client.post(url, {c.PARENTS_TO_PARENTS: "ecole"})
    assert not can_communicate(t.parent, t.classmate_parent)


def test_class_screen_query_count(client, t, django_assert_num_queries):
    client.force_login(t.teacher)
    url = reverse("communication:class", args=[t.ce1.pk])
    client.get(url)
    with django_assert_num_queries(CLASS_SCREEN_QUERIES):
        assert client.get(url).status_code == 200


CLASS_SCREEN_QUERIES = 7 + session_read_queries()
