"""`groupement_snapshot` freezes the counts; `availability_report` compares with the CCTP."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from preau.directory.factories import ProfileAssignmentFactory, UserFactory
from preau.groupement import services
from preau.groupement.models import Snapshot

TODAY = timezone.localdate()


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_same_date_gives_the_same_figures_whatever_was_imported_later(
    adherent, attached_school, coordinator
):
    services.set_need(coordinator, adherent, attached_school.uai, 5, profile="eleve")
    services.place_order(coordinator, adherent, 5, today=TODAY)
    user = UserFactory.create(activated_at=timezone.now())
    ProfileAssignmentFactory.create(user=user, profile="eleve", school=attached_school)

    first = run("groupement_snapshot", "--date", TODAY.isoformat())
    ProfileAssignmentFactory.create(profile="eleve", school=attached_school)
    user.activated_at = None
    user.save()
    second = run("groupement_snapshot", "--date", TODAY.isoformat())

    assert "chargés 1, activés 1" in first and "(figé)" in first
    assert "chargés 1, activés 1" in second and "déjà figé, inchangé" in second
    assert Snapshot.objects.count() == 1


def test_snapshot_command_refuses_a_bad_date(adherent):
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        run("groupement_snapshot", "--date", "23/11/2026")


def _probes(up, down, day=dt.datetime(2026, 10, 10, 12)):
    at = timezone.make_aware(day)
    for index in range(up + down):
        services.record_probe(index < up, at=at + dt.timedelta(minutes=5 * index))


@pytest.mark.parametrize(("up", "down", "verdict"), [(199, 1, "conforme"), (198, 2, "NON")])
def test_availability_report_against_the_threshold(db, up, down, verdict):
    _probes(up, down)
    _probes(0, 3, day=dt.datetime(2026, 11, 2))  # next month: not counted

    out = run("availability_report", "--month", "2026-10")

    assert f"Sondes : {up + down} dont {up}" in out
    assert "Seuil du CCTP : 99.5 %" in out
    assert verdict in out


def test_availability_threshold_is_a_setting(db, settings):
    settings.PREAU_AVAILABILITY_THRESHOLD = "99.9"
    _probes(199, 1)
    assert "NON CONFORME" in run("availability_report", "--month", "2026-10")


def test_the_probe_task_records_the_service_up(db):
    from preau.groupement.models import AvailabilityProbe
    from preau.groupement.tasks import probe_availability

    assert probe_availability.call() is True

    assert AvailabilityProbe.objects.get().up is True
