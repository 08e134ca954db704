"""Sharing a resource (here a manual directory group, a real model with an owner)."""

import pytest

from preau.communication.tests.helpers import tiny_school
from preau.core.errors import InvalidInput, PermissionDenied
from preau.core.models import AuditEvent
from preau.directory.factories import GroupFactory, GroupMembershipFactory
from preau.directory.models import Group
from preau.sharing import services
from preau.sharing.errors import CommunicationForbidden
from preau.sharing.models import Share
from preau.sharing.policies import SharePolicy
from preau.sharing.selectors import share_candidates, shares_of

groups = SharePolicy(Group, owner_field="owner")


@pytest.fixture
def t(db):
    return tiny_school()


@pytest.fixture
def resource(t):
    return GroupFactory.create(kind=Group.Kind.MANUAL, owner=t.teacher, school=t.school)


def test_owner_shares_for_reading_and_the_person_then_sees_it(t, resource):
    assert resource not in groups.visible_to(t.parent)
    services.share(t.teacher, groups, resource, with_user=t.parent)
    assert list(groups.visible_to(t.parent)) == [resource]
    assert groups.abilities(t.parent, resource) == {
        "read": True,
        "contribute": False,
        "manage": False,
        "publish": False,
        "comment": False,
    }
    assert AuditEvent.objects.filter(action="sharing.shared").exists()


def test_sharing_outside_the_rules_is_refused_with_a_typed_error(t, resource):
    other = tiny_school()
    with pytest.raises(CommunicationForbidden) as error:
        services.share(t.teacher, groups, resource, with_user=other.parent)
    assert error.value.code == "communication_forbidden" and error.value.status == 403
    assert not Share.objects.exists()


def test_a_parent_cannot_share_with_another_parent_of_the_class(t):
    note = GroupFactory.create(kind=Group.Kind.MANUAL, owner=t.parent, school=t.school)
    with pytest.raises(CommunicationForbidden):
        services.share(t.parent, groups, note, with_user=t.classmate_parent)
    services.share(t.parent, groups, note, with_user=t.teacher, level="contribute")
    assert groups.abilities(t.teacher, note)["contribute"]


def test_sharing_with_a_group_reaches_its_members_and_managers_may_reshare(t, resource):
    class_parents = Group.objects.get(
        kind="class_profile", school_class=t.ce1, profile="responsable"
    )
    services.share(t.teacher, groups, resource, with_group=class_parents, can_comment=True)
    assert resource in groups.visible_to(t.classmate_parent)
    assert groups.abilities(t.classmate_parent, resource)["comment"]
    assert resource not in groups.visible_to(t.maternelle_parent)
    with pytest.raises(PermissionDenied):
        services.share(t.classmate_parent, groups, resource, with_user=t.teacher)
    services.share(t.teacher, groups, resource, with_user=t.director, level="manage")
    services.share(t.director, groups, resource, with_user=t.other_teacher)
    assert [s.user for s in shares_of(resource) if s.user] == sorted(
        [t.director, t.other_teacher], key=lambda u: (u.last_name, u.first_name, u.pk)
    )


def test_unshare_and_bad_targets(t, resource):
    services.share(t.teacher, groups, resource, with_user=t.parent)
    assert services.unshare(t.teacher, groups, resource, with_user=t.parent) == 1
    assert resource not in groups.visible_to(t.parent)
    with pytest.raises(InvalidInput):
        services.share(t.teacher, groups, resource)
    with pytest.raises(InvalidInput):
        services.share(t.teacher, groups, resource, with_user=t.parent, level="owner")


def test_share_dialog_offers_only_reachable_people(t):
    other = tiny_school()
    offered = {r.id for r in share_candidates(t.parent, limit=50) if r.type == "person"}
    assert offered == {t.pupil.pk, t.teacher.pk, t.director.pk}
    assert other.teacher.pk not in offered


def test_visible_to_is_one_query(t, resource, django_assert_num_queries):
    GroupMembershipFactory.create(group=resource, user=t.parent)
    services.share(t.teacher, groups, resource, with_user=t.parent)
    groups.content_type()  # content types are cached after the first use
    with django_assert_num_queries(1):
        assert list(groups.visible_to(t.parent)) == [resource]
    with django_assert_num_queries(1):
        assert groups.abilities(t.parent, resource)["read"]


def test_share_rows_visible_to_recipient_and_sharer_only(t, resource, django_assert_num_queries):
    from preau.sharing.policies import get_abilities, visible_to

    item = services.share(t.teacher, groups, resource, with_user=t.parent)
    with django_assert_num_queries(1):
        assert list(visible_to(t.parent)) == [item]
    assert list(visible_to(t.teacher)) == [item]
    assert not visible_to(t.classmate_parent).exists()
    assert get_abilities(t.teacher, item) == {"view": True, "revoke": True}
    assert get_abilities(t.parent, item) == {"view": True, "revoke": False}


def test_a_wide_group_cannot_be_shared_with_even_by_the_academie_admin(db):
    from preau.communication.tests.helpers import wide_academie

    wide = wide_academie()
    note = GroupFactory.create(kind=Group.Kind.MANUAL, owner=wide.admin)
    with pytest.raises(InvalidInput) as refused:
        services.share(wide.admin, groups, note, with_group=wide.parents)
    assert refused.value.code == "group_not_shareable"
    assert not Share.objects.exists()
