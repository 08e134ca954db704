"""Director prints letters; a parent activates with a code and lands on the portal."""

import pytest
from django.urls import reverse

from preau.core.testing.browser import login_through_form
from preau.directory.factories import make_parent
from preau.directory.models import ClassMembership, FunctionAssignment
from preau.lifecycle.services.codes import store_codes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _class_and_school(demo):
    school_id = FunctionAssignment.objects.filter(user=demo.directeur).values_list(
        "school_id", flat=True
    )[0]
    membership = ClassMembership.objects.filter(
        role="eleve", school_class__school_id=school_id, ended_at__isnull=True
    ).select_related("school_class", "user")[0]
    return school_id, membership


def test_director_prints_letters_and_parent_activates(
    page, live_server, demo, demo_password, axe, charter
):
    school_id, membership = _class_and_school(demo)
    parent = make_parent(membership.user, first_name="Nadia", last_name="Lettre", password=None)
    login_through_form(page, live_server.url, demo.directeur.login, demo_password)
    page.goto(live_server.url + reverse("lifecycle:school", args=[school_id]))
    assert page.get_by_test_id("activation-table").is_visible()
    axe(page)
    page.goto(live_server.url + reverse("lifecycle:class", args=[membership.school_class.pk]))
    axe(page)
    with page.expect_download(timeout=60_000) as info:  # a PDF per family: slow on a busy CI
        page.get_by_test_id("family-letters").click(timeout=60_000)
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.get_by_role("button", name="Se déconnecter").click()

    code = store_codes(None, [parent.pk])[parent.pk]  # the letter's code, drawn again
    page.goto(f"{live_server.url}{reverse('lifecycle:activate')}?login={parent.login}")
    axe(page)
    page.get_by_label("Code d'activation").fill(code)
    page.get_by_label("Mot de passe choisi").fill("une phrase de passe solide")
    page.get_by_label("Confirmez le mot de passe").fill("une phrase de passe solide")
    page.get_by_label("J'ai lu et j'accepte la charte d'utilisation").check()
    page.get_by_role("button", name="Activer mon compte").click()
    page.wait_for_url(live_server.url + reverse("portal:home"))
    assert page.get_by_text("Votre compte est prêt").is_visible()


def test_pages_fit_a_phone_and_pass_axe(phone_page, live_server, demo, demo_password, axe):
    school_id, _ = _class_and_school(demo)
    phone_page.goto(live_server.url + reverse("lifecycle:activate"))
    axe(phone_page)
    login_through_form(phone_page, live_server.url, demo.directeur.login, demo_password)
    phone_page.goto(live_server.url + reverse("lifecycle:school", args=[school_id]))
    axe(phone_page)
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 360
