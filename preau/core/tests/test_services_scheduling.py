"""Periodic jobs: one enqueue per slot, whatever how many schedulers run or how often they wake."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks.backends.dummy import DummyBackend

from preau.core.models import ScheduledRun
from preau.core.scheduling import Periodic, registered_jobs, run_due

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
PARIS = dt.timezone(dt.timedelta(hours=1))


def queue() -> DummyBackend:
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    return backend


@task()
def heartbeat() -> str:
    return "ok"


def at(hour: int, minute: int = 0, day: int = 23) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


def test_daily_slot_is_today_after_the_time_and_yesterday_before() -> None:
    job = Periodic("nightly", heartbeat, at=dt.time(2, 30))
    assert timezone.localtime(job.slot(at(3))).date() == dt.date(2026, 11, 23)
    assert timezone.localtime(job.slot(at(2, 29))).date() == dt.date(2026, 11, 22)


def test_interval_slots_are_aligned_so_every_scheduler_agrees() -> None:
    job = Periodic("probe", heartbeat, every=dt.timedelta(minutes=5))
    assert job.slot(at(10, 7)) == job.slot(at(10, 9)) != job.slot(at(10, 10))


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DUMMY)
def test_a_slot_is_enqueued_once_however_often_the_scheduler_wakes() -> None:
    queue().clear()
    job = Periodic("nightly", heartbeat, at=dt.time(2, 30))

    first = run_due(at(2, 31), jobs=[job])
    again = run_due(at(9, 0), jobs=[job])
    next_night = run_due(at(2, 31, day=24), jobs=[job])

    assert (first, again, next_night) == (["nightly"], [], ["nightly"])
    assert len(queue().results) == 2
    assert ScheduledRun.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DUMMY)
def test_nothing_is_enqueued_when_the_claim_rolls_back() -> None:
    queue().clear()
    ScheduledRun.objects.create(job="nightly", slot=Periodic("n", heartbeat).slot(at(12)))
    job = Periodic("nightly", heartbeat, every=dt.timedelta(days=1))

    assert run_due(at(12), jobs=[job]) == []
    assert queue().results == []


def test_apps_declare_their_periodic_jobs() -> None:
    names = {job.name for job in registered_jobs()}
    assert {"lifecycle.daily", "groupement.availability_probe", "timeline.daily_digests"} <= names


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DUMMY)
def test_run_scheduler_once_enqueues_every_due_job() -> None:
    queue().clear()
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "Mise en file : groupement.availability_probe" in out.getvalue()
    assert len(queue().results) == len(registered_jobs())
