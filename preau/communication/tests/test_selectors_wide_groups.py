"""Who may write to a wide group (ADR 0048): académie admins only, by default (rules.md §7.3)."""

import pytest

from preau.communication.selectors import can_communicate, visible_recipients
from preau.communication.services import suspend_messaging
from preau.directory.factories import make_parent, make_pupil

SENDERS_REFUSED = [
    "other_admin",
    "inspector",
    "representative",
    "commune_admin",
    "parent_b",
    "stranger_parent",
]
TINY_REFUSED = ["director", "teacher", "atsem", "pupil", "parent"]
GROUPS = ["parents", "teachers", "circonscription_parents", "collectivite_parents"]


def _sender(wide, who):
    return getattr(wide.tiny, who) if who in TINY_REFUSED else getattr(wide, who)


def _offered(user, query=""):
    return {r.id for r in visible_recipients(user, query, 50) if r.type == "group"}


@pytest.mark.parametrize("group", GROUPS)
def test_the_academie_admin_may_write_to_every_wide_group_of_its_academie(wide, group):
    target = getattr(wide, group)
    assert can_communicate(wide.admin, target)
    assert target.pk in _offered(wide.admin, target.name.split()[0])


@pytest.mark.parametrize("who", SENDERS_REFUSED + TINY_REFUSED)
@pytest.mark.parametrize("group", GROUPS)
def test_nobody_else_may_write_to_them_nor_sees_them(wide, who, group):
    sender, target = _sender(wide, who), getattr(wide, group)
    assert not can_communicate(sender, target)
    assert target.pk not in _offered(sender)
    assert target.pk not in _offered(sender, "parents")


def test_the_search_finds_the_academie_group_by_its_name(wide):
    found = [r for r in visible_recipients(wide.admin, "parents acad", 20) if r.type == "group"]
    assert [(r.id, r.display_name, r.profile, r.uai) for r in found] == [
        (wide.parents.pk, "Parents de l'académie de Nantes", "responsable", [])
    ]


def test_the_kill_switch_stops_the_academie_admin_too(wide):
    suspend_messaging(wide.admin, reason="Incident en cours")
    assert not can_communicate(wide.admin, wide.parents)


def test_a_wide_group_without_any_live_member_is_not_offered(db):
    from preau.directory.factories import AcademieFactory, FunctionAssignmentFactory
    from preau.directory.services.wide_groups import ensure_wide_groups

    academie = AcademieFactory.create(code="LILLE", name="Lille")
    parents, _ = ensure_wide_groups(academie)
    admin = FunctionAssignmentFactory.create(
        function="admin_academique", school=None, academie=academie
    ).user
    assert not can_communicate(admin, parents)
    assert parents.pk not in _offered(admin)


@pytest.mark.parametrize("more", [0, 6])
def test_query_counts_do_not_grow_with_the_academie(wide, more, django_assert_num_queries):
    for _ in range(more):
        make_parent(make_pupil(wide.tiny.ce1))
    # An académie admin holds no school: no rules to read. Kill switch, context, groups.
    with django_assert_num_queries(3):
        assert can_communicate(wide.admin, wide.parents)
    with django_assert_num_queries(2):  # context with rules, people and groups (ADR 0049)
        assert wide.parents.pk in _offered(wide.admin, "parents de l'academie")
    with django_assert_num_queries(3):  # kill switch, context with the rules, groups
        assert not can_communicate(wide.tiny.parent, wide.parents)
