"""Withdrawal reminders: due on their dates, sent once, never after the window or a withdrawal."""

import datetime as dt

import pytest
from django.core import mail

from preau.groupement import services
from preau.groupement.models import ReminderSent
from preau.groupement.tasks import apply_tacit_renewal, send_withdrawal_reminder


@pytest.fixture
def with_referent(adherent, coordinator):
    services.set_contact(
        coordinator, adherent, "referent", name="Marie Le Roux", email="referent@mesanger.invalid"
    )
    return adherent


@pytest.mark.parametrize(
    ("kind", "before", "on"),
    [
        ("opens_in_3_months", "2028-02-18", "2028-02-19"),
        ("opens_in_1_month", "2028-04-18", "2028-04-19"),
        ("closes_in_2_weeks", "2028-07-04", "2028-07-05"),
    ],
)
def test_reminder_is_sent_from_its_date_once(with_referent, kind, before, on):
    assert send_withdrawal_reminder.call(with_referent.pk, kind, before) == "not_due"
    assert send_withdrawal_reminder.call(with_referent.pk, kind, on) == "sent"
    assert send_withdrawal_reminder.call(with_referent.pk, kind, on) == "already_sent"

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["referent@mesanger.invalid"]
    assert "19/05/2028 au 18/07/2028" in mail.outbox[0].body


def test_no_reminder_once_the_window_closed_or_after_withdrawal(with_referent, representative):
    assert send_withdrawal_reminder.call(with_referent.pk, "opens_in_1_month", "2028-07-19") == (
        "window_closed"
    )
    services.record_withdrawal(
        representative, with_referent, dt.date(2028, 6, 1), today=dt.date(2028, 6, 1)
    )
    assert send_withdrawal_reminder.call(with_referent.pk, "closes_in_2_weeks", "2028-07-05") == (
        "not_engaged"
    )
    assert not ReminderSent.objects.exists()


def test_renewal_task_records_on_its_date(with_referent):
    assert apply_tacit_renewal.call(with_referent.pk, "2028-07-18") is False
    assert apply_tacit_renewal.call(with_referent.pk, "2028-07-19") is True
    with_referent.refresh_from_db()
    assert with_referent.renewed_on == dt.date(2028, 7, 19)


def test_registering_an_adherent_schedules_reminders_and_renewal(
    groupement, coordinator, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from preau.groupement.identifiers import with_luhn_key

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.register_adherent(
            coordinator,
            groupement,
            kind="commune",
            legal_name="Commune de Vallet",
            siren=with_luhn_key("21440212"),
        )

    planned = sorted(
        (r.task_path.rsplit(".", 1)[-1], r.run_after.date().isoformat())
        for r in DBTaskResult.objects.all()
    )
    assert planned == [
        ("apply_tacit_renewal", "2028-07-19"),
        ("send_withdrawal_reminder", "2028-02-19"),
        ("send_withdrawal_reminder", "2028-04-19"),
        ("send_withdrawal_reminder", "2028-07-05"),
    ]
