"""The portal pages through the Django test client: access, headings and tiles per profile."""

import pytest
from django.urls import reverse

from preau.core.testing.fixtures import session_read_queries
from preau.directory.factories import (
    SchoolClassFactory,
    SchoolFactory,
    make_parent,
    make_pupil,
)

PUBLIC_PAGES = [
    ("portal:help", "<h1>Aide</h1>"),
    ("portal:legal", "<h1>Mentions légales</h1>"),
    ("portal:privacy", "<h1>Données personnelles</h1>"),
    ("portal:accessibility", "<h1>Déclaration d'accessibilité</h1>"),
]

ALWAYS = {"Fil de nouveautés", "Messagerie", "Espace documentaire", "Mon compte"}
CHILD_TILES = {"Carnet de liaison", "Cahier multimédia et blog", "Actualités", "Agenda"}

# Tiles each demo account must see in its own section, and tiles it must not see there.
EXPECTED_TILES = {
    "parent": (ALWAYS, {"Médiacentre", "Administration de l'école", "Carnet de liaison"}),
    "enseignant": (
        ALWAYS | CHILD_TILES | {"Cahier de textes", "Médiacentre"},
        {"Administration de l'école", "Console académique"},
    ),
    "eleve": (
        ALWAYS | CHILD_TILES | {"Cahier de textes", "Médiacentre"},
        {"Administration de l'école", "Console de la collectivité"},
    ),
    "directeur": (ALWAYS | {"Administration de l'école"}, {"Console académique"}),
    "atsem": (ALWAYS | {"Agenda", "Actualités"}, {"Médiacentre", "Cahier de textes"}),
    "inspecteur": (ALWAYS, {"Carnet de liaison", "Administration de l'école"}),
    "collectivite": (ALWAYS | {"Console de la collectivité"}, {"Carnet de liaison"}),
    "admin": ({"Console académique", "Mon compte"}, {"Carnet de liaison"}),
}


def own_tile_labels(response) -> set[str]:
    return {tile.label for tile in response.context["home"].tiles}


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("url_name", "heading"), PUBLIC_PAGES)
def test_public_page_is_served_without_login(client, db, url_name, heading):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert heading in response.content.decode()


@pytest.mark.parametrize(("url_name", "heading"), PUBLIC_PAGES)
def test_public_pages_are_linked_from_every_page_footer(client, db, url_name, heading):
    response = client.get(reverse("portal:help"))

    assert f'href="{reverse(url_name)}"' in response.content.decode()


def test_privacy_page_names_the_configured_controller_and_dpo(client, db, settings):
    settings.PREAU_CONTROLLER_NAME = "la commune de Saint-Essai et l'IA-DASEN de Loire-Atlantique"
    settings.PREAU_DPO_CONTACT = "dpd@ac-essai.fr"

    page = client.get(reverse("portal:privacy")).content.decode()

    assert "la commune de Saint-Essai et l&#x27;IA-DASEN de Loire-Atlantique" in page
    assert "dpd@ac-essai.fr" in page
    assert "trois mois" in page
    assert "CNIL" in page


def test_privacy_page_has_safe_defaults_without_settings(client, db, settings):
    del settings.PREAU_CONTROLLER_NAME

    page = client.get(reverse("portal:privacy")).content.decode()

    assert "directeur ou la directrice de chaque école" in page


def test_accessibility_statement_gives_status_and_remedies(client, db):
    page = client.get(reverse("portal:accessibility")).content.decode()

    assert "non conforme" in page
    assert "RGAA" in page
    assert "Défenseur des droits" in page


def test_unknown_page_is_a_french_404(client, db):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.parametrize("account", sorted(EXPECTED_TILES))
def test_home_shows_the_tiles_of_each_demo_profile(client, demo, account):
    user = getattr(demo, account)
    client.force_login(user)
    expected, forbidden = EXPECTED_TILES[account]

    response = client.get(reverse("portal:home"))

    labels = own_tile_labels(response)
    assert response.status_code == 200
    assert f"Bonjour {user.first_name}" in response.content.decode()
    assert expected <= labels
    assert not (forbidden & labels)


def test_home_gives_a_parent_one_section_per_child(client, demo):
    client.force_login(demo.parent)

    response = client.get(reverse("portal:home"))

    sections = response.context["home"].children
    page = response.content.decode()
    assert len(sections) == 2
    for section in sections:
        assert section.heading.startswith(f"Pour {section.first_name}, ")
        assert {t.label for t in section.tiles} >= CHILD_TILES
        assert section.heading.replace("'", "&#x27;") in page


def test_child_section_names_class_and_school(client, db):
    school = SchoolFactory(name="École Jules Ferry")
    ce1 = SchoolClassFactory.create(school=school, name="CE1 B", levels=["CE1"])
    lea = make_pupil(ce1, first_name="Léa")
    client.force_login(make_parent(lea))

    response = client.get(reverse("portal:home"))

    assert "Pour Léa, CE1 B – École Jules Ferry" in response.content.decode()


def test_unavailable_services_are_marked_not_linked(client, demo):
    client.force_login(demo.enseignant)

    page = client.get(reverse("portal:home")).content.decode()

    assert "Bientôt disponible" in page
    assert f'href="{reverse("accounts:account")}"' in page


def test_open_services_come_before_those_not_yet_available(client, demo):
    client.force_login(demo.enseignant)

    tiles = client.get(reverse("portal:home")).context["home"].tiles

    availability = [tile.available for tile in tiles]
    assert availability == sorted(availability, reverse=True)
    open_labels = {tile.label for tile in tiles if tile.available}
    assert {"Fil de nouveautés", "Messagerie", "Mon compte", "Carnet de liaison"} <= open_labels
    assert "Espace documentaire" in open_labels


def test_home_shows_news_empty_state_and_help_link(client, demo):
    client.force_login(demo.parent)

    page = client.get(reverse("portal:home")).content.decode()

    assert "Dernières actualités" in page
    assert "Aucune actualité pour le moment." in page
    assert f'href="{reverse("portal:help")}"' in page


def family_of(size: int):
    school = SchoolFactory()
    children = [
        make_pupil(SchoolClassFactory.create(school=school, name=f"Classe {i}"))
        for i in range(size)
    ]
    return make_parent(*children)


def test_home_query_count_is_constant_whatever_the_number_of_children(
    client, db, django_assert_num_queries
):
    one_child, four_children = family_of(1), family_of(4)
    client.force_login(one_child)
    client.get(reverse("portal:home"))  # warm the session row

    with django_assert_num_queries(HOME_QUERIES):
        assert client.get(reverse("portal:home")).status_code == 200
    client.force_login(four_children)
    client.get(reverse("portal:home"))
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("portal:home"))
    assert response.content.decode().count('data-testid="child-section"') == 4


# The user, the person's context; the news card and the page itself (ADR 0054) come from the cache
# once warm, the session from Redis in production (session_read_queries: 0) and is rewritten at
# most once a minute.
HOME_QUERIES = 2 + session_read_queries()
