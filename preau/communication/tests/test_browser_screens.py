"""The rules screen, the kill switch and its banner in a real browser, desktop and 360 px."""

import pytest
from django.urls import reverse

from preau.core.testing.browser import login_through_form
from preau.directory.models import School

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_school_url(live_server, demo):
    school = School.objects.get(
        function_assignments__user=demo.directeur, function_assignments__function="directeur"
    )
    return f"{live_server.url}{reverse('communication:school', args=[school.uai])}"


def test_director_opens_a_link_without_javascript_help(page, live_server, demo, demo_password, axe):
    login_through_form(page, live_server.url, demo.directeur.login, demo_password)
    page.goto(demo_school_url(live_server, demo))
    assert page.get_by_role("heading", level=1).inner_text() == "Qui peut écrire à qui ?"
    axe(page)
    lines = page.get_by_test_id("rule-lines")
    assert "aux autres parents de la classe" not in lines.inner_text()
    page.get_by_label("Les parents d'une classe peuvent s'écrire entre eux").check()
    page.get_by_role("button", name="Enregistrer les règles").click()
    page.wait_for_url(demo_school_url(live_server, demo))
    assert "Règles enregistrées." in page.locator(".messages").inner_text()
    assert "aux autres parents de la classe" in lines.inner_text()
    axe(page)


def test_school_kill_switch_on_a_phone_shows_the_banner_to_parents(
    phone_page, page, live_server, demo, demo_password, axe
):
    login_through_form(phone_page, live_server.url, demo.directeur.login, demo_password)
    phone_page.goto(demo_school_url(live_server, demo))
    axe(phone_page)
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 360
    phone_page.get_by_label("Motif (affiché aux personnes concernées)").fill("Échanges à apaiser")
    phone_page.get_by_label("Qui ne peut plus envoyer ?").select_option("responsable")
    phone_page.get_by_role("button", name="Suspendre l'envoi de messages").click()
    assert "Échanges à apaiser" in phone_page.get_by_test_id("suspensions").inner_text()
    axe(phone_page)

    login_through_form(page, live_server.url, demo.parent.login, demo_password)
    banner = page.get_by_test_id("messaging-banner")
    assert "Échanges à apaiser" in banner.inner_text()
    axe(page)


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_academie_kill_switch_screen(request, fixture, live_server, demo, demo_password, axe):
    screen = request.getfixturevalue(fixture)
    login_through_form(screen, live_server.url, demo.admin.login, demo_password)
    screen.goto(f"{live_server.url}{reverse('communication:academie')}")
    assert "Aucune suspension en cours." in screen.locator("main").inner_text()
    axe(screen)
    screen.get_by_label("Motif (affiché aux personnes concernées)").fill("Incident de sécurité")
    screen.get_by_role("button", name="Suspendre l'envoi de messages").click()
    assert "Incident de sécurité" in screen.get_by_test_id("suspensions").inner_text()
    assert "Incident de sécurité" in screen.get_by_test_id("messaging-banner").inner_text()
    axe(screen)


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_teacher_class_screen(request, fixture, live_server, demo, demo_password, axe):
    from preau.directory.models import SchoolClass

    screen = request.getfixturevalue(fixture)
    school_class = SchoolClass.objects.get(memberships__user=demo.enseignant)
    login_through_form(screen, live_server.url, demo.enseignant.login, demo_password)
    screen.goto(f"{live_server.url}{reverse('communication:class', args=[school_class.pk])}")
    axe(screen)
    screen.get_by_role(
        "group", name="Les parents d'une classe peuvent s'écrire entre eux"
    ).get_by_label("Ouvert pour ma classe").check()
    screen.get_by_role("button", name="Enregistrer").click()
    assert "Réglages de la classe enregistrés." in screen.locator(".messages").inner_text()
    axe(screen)
