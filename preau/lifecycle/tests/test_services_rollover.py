import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from preau.directory.factories import GroupFactory, SchoolClassFactory, make_pupil
from preau.directory.models import ClassMembership, GroupMembership
from preau.directory.schoolyear import current_school_year
from preau.directory.services.groups import refresh_derived_groups

pytestmark = pytest.mark.django_db


def test_rollover_archives_old_classes_keeps_accounts_and_is_idempotent(school, capsys):
    year = current_school_year()
    old = SchoolClassFactory.create(school=school, name="CP", levels=["CP"], school_year=year)
    pupil = make_pupil(old)
    manual = GroupFactory.create(school=school)
    refresh_derived_groups(school)
    assert GroupMembership.objects.filter(group__school_class=old, user=pupil).exists()

    call_command("rollover", "--year", str(year + 1), "--uai", school.uai)
    old.refresh_from_db()
    manual.refresh_from_db()
    assert old.archived_at is not None and manual.needs_review
    assert not ClassMembership.objects.filter(user=pupil, ended_at__isnull=True).exists()
    assert not GroupMembership.objects.filter(group__school_class=old).exists()
    assert pupil.__class__.objects.filter(pk=pupil.pk).exists()
    assert '"classes_archived": 1' in capsys.readouterr().out

    call_command("rollover", "--year", str(year + 1), "--uai", school.uai)
    assert '"classes_archived": 0' in capsys.readouterr().out


def test_rollover_refuses_an_unknown_uai(db):
    with pytest.raises(CommandError, match="Aucune école"):
        call_command("rollover", "--year", "2027", "--uai", "0449999Z")
