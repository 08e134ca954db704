import pytest

from preau.directory.factories import UserFactory
from preau.directory.logins import allocate_logins, login_base


@pytest.mark.parametrize(
    ("first", "family", "expected"),
    [
        ("Jean-Pierre", "Dupont", "jeanpierre.dupont"),
        ("Éléa", "D'Amico", "elea.damico"),
        ("Zoé", "Le Goff", "zoe.legoff"),
        ("Anne Sophie", "Lefèvre", "annesophie.lefevre"),
        ("Chloë", "Cœur", "chloe.coeur"),
        ("A" * 40, "B" * 40, "a" * 30 + "." + "b" * 30),
    ],
)
def test_login_base_follows_rules(first, family, expected):
    assert login_base(first, family) == expected


@pytest.mark.django_db
def test_collisions_get_numbered_from_two():
    UserFactory.create(login="jean.dupont")
    UserFactory.create(login="jean.dupont2")
    assert allocate_logins([("Jean", "Dupont"), ("Jean", "Dupont")]) == [
        "jean.dupont3",
        "jean.dupont4",
    ]


@pytest.mark.django_db
def test_collision_check_is_case_insensitive():
    UserFactory.create(login="Lea.Martin")
    assert allocate_logins([("Léa", "MARTIN")]) == ["lea.martin2"]


@pytest.mark.django_db
def test_longer_logins_sharing_a_prefix_do_not_count_as_collisions():
    UserFactory.create(login="jean.dupontel")
    assert allocate_logins([("Jean", "Dupont")]) == ["jean.dupont"]
