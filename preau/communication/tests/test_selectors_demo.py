"""Who reaches whom in the demo académie (issue 4, "Done when")."""

import pytest
from django.contrib.auth import get_user_model

from preau.communication.selectors import can_communicate, visible_recipients
from preau.directory.models import ParentLink, Profile, ProfileAssignment

User = get_user_model()


def people(user, query=""):
    return {r.id for r in visible_recipients(user, query, limit=50) if r.type == "person"}


def all_reachable(user):
    from preau.communication.reach import reachable_people
    from preau.communication.selectors import reach_of

    return set(reachable_people(reach_of(user)).values_list("id", flat=True))


def test_parent_reaches_teacher_and_director_but_no_other_parent(demo):
    assert can_communicate(demo.parent, demo.enseignant)
    assert can_communicate(demo.parent, demo.directeur)
    other_parents = ProfileAssignment.objects.filter(profile=Profile.RESPONSABLE).exclude(
        user=demo.parent
    )
    reached = all_reachable(demo.parent)
    assert not reached & set(other_parents.values_list("user_id", flat=True))
    assert {demo.eleve.pk, demo.enseignant.pk, demo.directeur.pk} <= reached


def test_pupil_reaches_classmates_teacher_own_parents_and_no_other_parent(demo):
    classmates = set(
        User.objects.filter(
            class_memberships__school_class__memberships__user=demo.eleve,
            class_memberships__role="eleve",
        )
        .exclude(pk=demo.eleve.pk)
        .values_list("id", flat=True)
    )
    own_parents = set(
        ParentLink.objects.filter(child=demo.eleve).values_list("parent_id", flat=True)
    )
    reached = all_reachable(demo.eleve)
    assert classmates and classmates <= reached
    assert demo.enseignant.pk in reached and own_parents <= reached
    assert demo.parent.pk in own_parents
    parents = set(
        ProfileAssignment.objects.filter(profile=Profile.RESPONSABLE).values_list(
            "user_id", flat=True
        )
    )
    assert reached & parents == own_parents
    assert not can_communicate(demo.eleve, demo.directeur)  # off by default (rules.md §7.3)


def schools_of(user_ids):
    rows = ProfileAssignment.objects.filter(user_id__in=user_ids, school__isnull=False)
    return set(rows.values_list("school_id", flat=True))


@pytest.mark.parametrize("login", ["directeur", "enseignant", "parent", "eleve", "atsem"])
def test_school_people_reach_nobody_of_another_school(demo, login):
    user = demo.accounts[login]
    own = schools_of([user.pk]) | schools_of(
        ParentLink.objects.filter(parent=user).values_list("child_id", flat=True)
    )
    reached = all_reachable(user)
    school_people = {
        uid
        for uid in reached
        if ProfileAssignment.objects.filter(user_id=uid, school__isnull=False).exists()
    }
    assert school_people
    assert schools_of(school_people) <= own


@pytest.mark.parametrize(
    ("sender", "recipient", "allowed"),
    [
        ("enseignant", "inspecteur", True),
        ("directeur", "inspecteur", True),
        ("directeur", "collectivite", True),
        ("inspecteur", "directeur", True),
        ("inspecteur", "enseignant", True),
        ("inspecteur", "parent", False),
        ("collectivite", "directeur", True),
        ("collectivite", "enseignant", False),
        ("collectivite", "parent", False),
        ("atsem", "enseignant", True),
        ("atsem", "parent", False),
        ("parent", "atsem", False),
        ("parent", "inspecteur", False),
        ("eleve", "parent", True),
        ("eleve", "atsem", False),
        ("admin", "parent", True),
        ("admin", "eleve", True),
        ("enseignant", "parent", True),
    ],
)
def test_profile_pairs_follow_the_default_table(demo, sender, recipient, allowed):
    assert can_communicate(demo.accounts[sender], demo.accounts[recipient]) is allowed


def test_search_is_accent_and_case_insensitive(demo):
    found = visible_recipients(demo.parent, "HELENE morv")
    assert [r.id for r in found] == [demo.directeur.pk]
    assert found[0].profile == "enseignant" and found[0].uai


def test_parent_sees_class_teacher_groups_as_broadcast_targets(demo):
    groups = [r for r in visible_recipients(demo.parent, "", 50) if r.type == "group"]
    assert groups and all(r.profile == Profile.ENSEIGNANT for r in groups)
    assert "Parents de CE1-CE2" in {
        r.display_name for r in visible_recipients(demo.enseignant, "parents de ce1", 50)
    }


def test_pair_check_costs_the_same_on_the_demo_academie(demo, django_assert_num_queries):
    from preau.communication.tests.test_selectors_rules import PAIR_QUERIES

    with django_assert_num_queries(PAIR_QUERIES):
        assert can_communicate(demo.parent, demo.enseignant)
    with django_assert_num_queries(PAIR_QUERIES):  # no school, no rule: the same statements
        assert can_communicate(demo.inspecteur, demo.directeur)
