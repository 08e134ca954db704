"""Who sees which adherent, and what they may do (3 queries to read the scope)."""

import pytest

from preau.directory.factories import UserFactory
from preau.groupement import policies
from preau.groupement.factories import AdherentFactory, MandataireFactory


@pytest.fixture
def mandated(groupement):
    mandataire = MandataireFactory.create()
    first = AdherentFactory.create(groupement=groupement, mandataire=mandataire)
    second = AdherentFactory.create(groupement=groupement, mandataire=mandataire)
    agent = UserFactory.create(login="agent.ecollectivites")
    mandataire.members.add(agent)
    return agent, {first.pk, second.pk}


def test_mandataire_members_act_for_every_adherent_they_represent(mandated, adherent):
    agent, represented = mandated

    assert set(policies.visible_to(agent).values_list("pk", flat=True)) == represented
    assert policies.get_abilities(agent, adherent)["view"] is False


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", {"view": True, "order": True, "manage": True, "exclude": True}),
        ("representative", {"view": True, "order": True, "manage": False, "exclude": False}),
        ("stranger", {"view": False, "order": False, "manage": False, "exclude": False}),
    ],
)
def test_abilities_by_role(request, adherent, who, expected):
    user = UserFactory.create() if who == "stranger" else request.getfixturevalue(who)
    abilities = policies.get_abilities(user, adherent)
    assert {k: abilities[k] for k in expected} == expected


def test_scope_costs_three_queries(representative, django_assert_num_queries):
    with django_assert_num_queries(3):
        scope = policies.get_scope(representative)
    assert scope.collectivite_ids


def test_representative_sees_only_its_adherent(groupement, adherent, representative, mandated):
    assert list(policies.visible_to(representative)) == [adherent]


def test_visible_adherents_list_is_one_query(
    groupement, adherent, coordinator, django_assert_num_queries
):
    for _ in range(4):
        AdherentFactory.create(groupement=groupement)
    scope = policies.get_scope(coordinator)

    with django_assert_num_queries(1):
        names = [
            (a.legal_name, a.represented_by, a.groupement.short_name)
            for a in policies.visible_to(coordinator, scope)
        ]

    assert len(names) == 5
