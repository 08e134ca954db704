import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from preau.accounts.models import User
from preau.core.errors import PermissionDenied
from preau.core.models import AuditEvent
from preau.directory.factories import GroupFactory, GroupMembershipFactory
from preau.directory.models import GroupMembership, ParentLink, ProfileAssignment
from preau.lifecycle.models import AccountState
from preau.lifecycle.services.lifecycle import mark_absent, restore, run_lifecycle

pytestmark = pytest.mark.django_db
DAY0 = datetime.date(2026, 7, 1)


def _activate(*users):
    User.objects.filter(pk__in=[u.pk for u in users]).update(activated_at=timezone.now())


def test_never_activated_leavers_are_deleted_at_once_with_their_parents(klass):
    result = mark_absent(None, [klass.ana.pk], today=DAY0)
    assert result == {"absent": 0, "deleted": 3}
    assert not User.objects.filter(pk__in=[klass.ana.pk, klass.mother.pk]).exists()
    assert AuditEvent.objects.filter(action="lifecycle.deleted").count() == 3


def test_parent_stays_while_another_child_stays(klass):
    _activate(klass.ana, klass.leo, klass.mother)
    ParentLink.objects.create(parent=klass.mother, child=klass.leo)
    mark_absent(None, [klass.ana.pk], today=DAY0)
    assert AccountState.objects.filter(user=klass.ana).exists()
    assert not AccountState.objects.filter(user=klass.mother).exists()


def test_absent_then_pre_deleted_after_30_days_then_deleted_60_days_later(klass):
    _activate(klass.ana, klass.mother, klass.father)
    group = GroupFactory.create(school=klass.cls.school)
    GroupMembershipFactory.create(group=group, user=klass.ana)
    mark_absent(None, [klass.ana.pk], today=DAY0)
    assert AccountState.objects.filter(state="absent").count() == 3  # parents leave too

    assert run_lifecycle(DAY0 + datetime.timedelta(days=29))["pre_deleted"] == 0
    counts = run_lifecycle(DAY0 + datetime.timedelta(days=30))
    assert counts["pre_deleted"] == 3
    assert not GroupMembership.objects.filter(user=klass.ana).exists()
    assert not ProfileAssignment.objects.filter(user=klass.ana).exists()
    assert User.objects.get(pk=klass.ana.pk).is_active  # can still log in to export
    assert run_lifecycle(DAY0 + datetime.timedelta(days=30))["pre_deleted"] == 0  # idempotent

    assert run_lifecycle(DAY0 + datetime.timedelta(days=89))["deleted"] == 0
    assert run_lifecycle(DAY0 + datetime.timedelta(days=90))["deleted"] == 3
    assert not User.objects.filter(pk=klass.ana.pk).exists()


def test_director_restores_a_pre_deleted_pupil(klass):
    _activate(klass.ana, klass.mother, klass.father)
    group = GroupFactory.create(school=klass.cls.school)
    GroupMembershipFactory.create(group=group, user=klass.ana)
    mark_absent(None, [klass.ana.pk], today=DAY0)
    run_lifecycle(DAY0 + datetime.timedelta(days=30))
    with pytest.raises(PermissionDenied):
        restore(klass.teacher, klass.ana)
    restore(klass.director, klass.ana)
    assert not AccountState.objects.filter(user=klass.ana).exists()
    assert ProfileAssignment.objects.filter(user=klass.ana, school=klass.cls.school).exists()
    assert GroupMembership.objects.filter(user=klass.ana, group=group).exists()
    assert klass.ana.class_memberships.filter(ended_at__isnull=True).exists()


def test_command_takes_a_date(klass, capsys):
    _activate(klass.ana, klass.mother, klass.father)
    mark_absent(None, [klass.ana.pk], today=DAY0)
    call_command("run_lifecycle", "--date", "2026-07-31")
    assert '"pre_deleted": 3' in capsys.readouterr().out
