"""The home page served from the cache under a digest of what it shows (ADR 0054).

A second visit is not rendered again; anything the page shows that changes shows at once; a
person is only ever served their own page; the CSRF token and flash messages stay per request.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from preau.communication.services import suspend_messaging
from preau.core.testing.fixtures import session_read_queries
from preau.directory import selectors as directory_selectors
from preau.directory.factories import (
    TEST_PASSWORD,
    FunctionAssignmentFactory,
    ParentLinkFactory,
    SchoolClassFactory,
    SchoolFactory,
    UserFactory,
    make_parent,
    make_pupil,
)
from preau.directory.models import Function
from preau.news.factories import publish
from preau.portal import page_cache, services_catalogue
from preau.portal import selectors as portal_selectors
from preau.portal.page_cache import CSRF_MARKER

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")
# The user, the person's context (the news card, the banner and the page from the cache; the
# session from Redis in production).
HOME_QUERIES = 2 + session_read_queries()
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def family():
    school = SchoolFactory(name="École Jules Ferry")
    ce1 = SchoolClassFactory.create(school=school, name="CE1 B", levels=["CE1"])
    lea = make_pupil(ce1, first_name="Léa")
    parent = make_parent(lea, first_name="Claire", last_name="Martin")
    director = UserFactory.create()
    FunctionAssignmentFactory.create(user=director, function=Function.DIRECTEUR, school=school)
    return school, ce1, lea, parent, director


def _page(client: Client) -> tuple[str, bool]:
    """The page, and whether its templates were rendered for this request."""
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode(), bool(response.templates)


def _without_token(page: str) -> str:
    return CSRF_INPUT.sub("", page)


def test_a_second_visit_is_served_from_the_cache_with_the_same_page(
    client, family, django_assert_num_queries
):
    client.force_login(family[3])
    first, rendered = _page(client)
    assert rendered

    with django_assert_num_queries(HOME_QUERIES):
        second, rendered = _page(client)

    assert not rendered
    assert _without_token(second) == _without_token(first)
    assert "Bonjour Claire" in second and "Pour Léa, CE1 B – École Jules Ferry" in second


def test_a_cached_page_carries_a_fresh_working_csrf_token(family):
    client = Client(enforce_csrf_checks=True)
    client.force_login(family[3])
    _page(client)
    page, rendered = _page(client)
    tokens = CSRF_INPUT.findall(page)
    again = CSRF_INPUT.findall(_page(client)[0])

    assert not rendered and len(tokens) == 1 and CSRF_MARKER not in page
    assert tokens != again  # masked anew on each request, as Django's tag does
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 302  # signed out: back to the sign-in page


def test_a_news_item_shows_on_the_next_visit(client, family, django_capture_on_commit_callbacks):
    school, _, _, parent, director = family
    client.force_login(parent)
    assert "Kermesse" not in _page(client)[0]
    _page(client)

    with django_capture_on_commit_callbacks(execute=True):
        publish(director, school, title="Kermesse du 20 juin")
    page, rendered = _page(client)

    assert rendered and "Kermesse du 20 juin" in page


def test_a_change_of_class_shows_on_the_next_visit(client, family):
    _, ce1, _, parent, _ = family
    client.force_login(parent)
    _page(client)
    _page(client)

    ce1.name = "CE1 Les Hérons"
    ce1.save()
    page, rendered = _page(client)

    assert rendered and "Pour Léa, CE1 Les Hérons – École Jules Ferry" in page


def test_a_messaging_suspension_shows_its_banner_on_the_next_visit(
    client, family, django_capture_on_commit_callbacks
):
    school, _, _, parent, director = family
    client.force_login(parent)
    _page(client)
    assert 'data-testid="messaging-banner"' not in _page(client)[0]

    suspend_messaging(director, reason="Incident en cours d'examen", school=school)
    page, rendered = _page(client)

    assert rendered and "Incident en cours d" in page and 'data-testid="messaging-banner"' in page


def test_a_person_is_never_served_anothers_page(family):
    school, _, _, claire, _ = family
    tom = make_pupil(SchoolClassFactory.create(school=school, name="CM2 A", levels=["CM2"]))
    # Same names, same school: only whose children they are differs.
    other = make_parent(tom, first_name="Claire", last_name="Martin")
    mine, theirs = Client(), Client()
    mine.force_login(claire)
    theirs.force_login(other)

    for _ in range(2):
        my_page, their_page = _page(mine)[0], _page(theirs)[0]

        assert "Pour Léa, CE1 B" in my_page and "CM2 A" not in my_page
        assert f"Pour {tom.first_name}, CM2 A" in their_page and "Pour Léa" not in their_page


def test_a_flash_message_shows_once_on_a_cached_page(client, family):
    parent = family[3]
    client.force_login(parent)
    _page(client)
    _page(client)
    new_password = "Un-nouveau-mot-de-passe-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
            "next": HOME,
        },
    )
    assert response.status_code == 302 and response["Location"] == HOME

    with_message = client.get(response["Location"]).content.decode()
    after = _page(client)[0]

    assert "Votre mot de passe a été changé." in with_message
    assert "Votre mot de passe a été changé." not in after


def test_a_new_child_and_a_new_first_name_show_on_the_next_visit(client, family):
    school, _, _, parent, _ = family
    client.force_login(parent)
    _page(client)
    _page(client)

    hugo = make_pupil(SchoolClassFactory.create(school=school, name="CP A", levels=["CP"]))
    ParentLinkFactory.create(parent=parent, child=hugo)
    parent.first_name = "Clara"
    parent.save()
    page, rendered = _page(client)

    assert rendered and f"Pour {hugo.first_name}, CP A – École Jules Ferry" in page
    assert "Clara" in page


def test_a_release_that_changes_the_services_catalogue_renders_every_page_again():
    # The tiles are built from the person's rows by Préau's code (ADR 0060): the digest covers
    # that code, so a release that renames a service or changes who sees it is not served stale.
    sources = {path.resolve() for path in page_cache._page_sources()}

    for module in (services_catalogue, portal_selectors, directory_selectors):
        assert Path(str(module.__file__)).resolve() in sources
