"""Wide groups: members computed from the directory, exact after every change (ADR 0047)."""

import datetime

import pytest

from preau.communication.tests.helpers import wide_academie
from preau.directory import audiences
from preau.directory.factories import AcademieFactory, make_parent, make_pupil
from preau.directory.models import Group, GroupMembership, Profile, ProfileAssignment
from preau.directory.services import (
    create_academie,
    create_circonscription,
    create_collectivite,
    create_departement,
    update_academie,
)
from preau.directory.services.groups import refresh_derived_groups
from preau.lifecycle.services.lifecycle import pre_delete
from preau.lifecycle.services.rollover import rollover_school


def _members(group: Group) -> set[int]:
    return set(audiences.holder_ids([group]).values_list("user_id", flat=True))


@pytest.fixture
def wide(db):
    return wide_academie()


def test_academie_parents_are_every_parent_of_its_schools_once(wide):
    t = wide.tiny
    everyone = _members(wide.parents)
    assert everyone == wide.expected_parents() | {
        wide.blocked_parent.pk,
        wide.inactive_parent.pk,
    }  # the sending side drops who may not receive
    assert wide.stranger_parent.pk not in everyone
    assert t.teacher.pk not in everyone
    assert wide.twice_parent.pk in everyone
    assert audiences.holder_ids([wide.parents]).count() == len(everyone)


def test_academie_teachers_circonscription_and_collectivite_parents(wide):
    t = wide.tiny
    assert {t.teacher.pk, t.other_teacher.pk, t.director.pk} <= _members(wide.teachers)
    school_a_parents = {t.parent.pk, t.classmate_parent.pk, t.maternelle_parent.pk}
    assert _members(wide.circonscription_parents) == school_a_parents | {wide.twice_parent.pk}
    assert _members(wide.collectivite_parents) == school_a_parents | {wide.twice_parent.pk}
    assert wide.parent_b.pk not in _members(wide.circonscription_parents)


def test_wide_groups_store_no_membership_rows(wide):
    assert wide.parents.is_computed and not wide.tiny.ce1.groups.first().is_computed
    wide_ids = [wide.parents.pk, wide.circonscription_parents.pk, wide.collectivite_parents.pk]
    assert not GroupMembership.objects.filter(group_id__in=wide_ids).exists()


def test_the_same_rows_as_the_school_groups_after_an_import_change(wide):
    """A parent who arrives or leaves a school (what an import writes) is in or out at once."""
    t = wide.tiny
    newcomer = make_parent(make_pupil(t.ce1))
    assert newcomer.pk in _members(wide.parents)
    ProfileAssignment.objects.filter(user=t.parent, profile=Profile.RESPONSABLE).delete()
    refresh_derived_groups(t.school)
    school_parents = Group.objects.get(school=t.school, school_class=None, profile="responsable")
    stored = set(school_parents.memberships.values_list("user_id", flat=True))
    assert t.parent.pk not in _members(wide.parents)
    assert stored <= _members(wide.parents)


def test_pre_deletion_and_rollover_keep_it_exact(wide):
    from preau.lifecycle.models import AccountState

    t = wide.tiny
    state = AccountState.objects.create(
        user=wide.parent_b, state="absent", absent_since=datetime.date(2026, 9, 1)
    )
    pre_delete([state], datetime.date(2026, 10, 1))
    assert wide.parent_b.pk not in _members(wide.parents)
    rollover_school(None, t.school, t.ce1.school_year + 1)
    # The rollover closes classes, not accounts: parents stay parents of the school.
    assert t.parent.pk in _members(wide.parents)
    assert t.parent.pk in _members(wide.collectivite_parents)


def test_structures_created_by_the_services_bring_their_wide_groups(db):
    academie = create_academie(None, code="CAEN", name="Caen")
    names = set(Group.objects.filter(academie=academie).values_list("name", flat=True))
    assert names == {"Parents de l'académie de Caen", "Enseignants de l'académie de Caen"}
    departement = create_departement(None, academie=academie, code="014", name="Calvados")
    circ = create_circonscription(None, departement=departement, code="014-A", name="Caen Nord")
    commune = create_collectivite(None, academie=academie, kind="commune", name="Commune d'Ifs")
    assert circ.groups.get().name == "Parents des écoles – Caen Nord"
    assert commune.groups.get().name == "Parents des écoles – Commune d'Ifs"
    update_academie(None, academie, name="Normandie")
    assert Group.objects.filter(name="Parents de l'académie de Normandie").exists()
    assert Group.objects.filter(academie=academie).count() == 2


def test_holders_are_one_query_whatever_the_number_of_parents(wide, django_assert_num_queries):
    for _ in range(5):
        make_parent(make_pupil(wide.tiny.ce1))
    with django_assert_num_queries(1):
        assert len(_members(wide.parents)) == len(wide.expected_parents()) + 7


def test_an_empty_academie_has_its_groups_and_no_member(db):
    from preau.directory.services.wide_groups import ensure_wide_groups

    (parents, _) = ensure_wide_groups(AcademieFactory.create(code="LILLE", name="Lille"))
    assert _members(parents) == set()
