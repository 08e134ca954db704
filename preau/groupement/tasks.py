"""Background work: withdrawal reminders, tacit renewal on its date, availability probes.

Reminder and renewal tasks are enqueued with `run_after` when an adherent is registered (the
database queue supports deferred tasks); each re-checks the date and what was already done, so
running one early, late or twice changes nothing wrong.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from preau.core.scheduling import Periodic
from preau.groupement.calendar import REMINDERS

logger = logging.getLogger(__name__)

REMINDER_SUBJECTS = {
    "opens_in_3_months": "Groupement e-primo : la fenêtre de retrait ouvre dans trois mois",
    "opens_in_1_month": "Groupement e-primo : la fenêtre de retrait ouvre dans un mois",
    "closes_in_2_weeks": "Groupement e-primo : la fenêtre de retrait se ferme dans deux semaines",
}


def _parse(day: str | None) -> dt.date:
    return dt.date.fromisoformat(day) if day else timezone.localdate()


def _at_morning(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))


def schedule_calendar_tasks(adherent_id: int) -> None:
    """Enqueue the reminders and the renewal for their dates (when the queue can defer)."""
    from preau.groupement.models import Adherent

    adherent = Adherent.objects.select_related("groupement").get(pk=adherent_id)
    cal = adherent.groupement.calendar
    if not send_withdrawal_reminder.get_backend().supports_defer:
        return
    for kind in REMINDERS:
        when = _at_morning(cal.reminder_date(kind))
        send_withdrawal_reminder.using(run_after=when).enqueue(adherent_id, kind)
    apply_tacit_renewal.using(run_after=_at_morning(cal.first_period_end)).enqueue(adherent_id)


def reminder_text(adherent: object, kind: str) -> str:
    from preau.groupement.models import Adherent

    assert isinstance(adherent, Adherent)
    cal = adherent.groupement.calendar
    return (
        f"Bonjour,\n\nLa convention du groupement « {adherent.groupement.short_name} » "
        f"(article 3) permet à {adherent.legal_name} de se retirer par un courrier reçu par le "
        f"rectorat du {cal.window_opens:%d/%m/%Y} au {cal.window_last_day:%d/%m/%Y}. Sans "
        f"courrier, l'adhésion est reconduite tacitement le {cal.first_period_end:%d/%m/%Y} pour "
        f"24 mois, jusqu'au {cal.end:%d/%m/%Y}.\n"
    )


@task()
def send_withdrawal_reminder(adherent_id: int, kind: str, today: str | None = None) -> str:
    """Send one reminder once, on or after its date and before the window closes."""
    from preau.groupement.models import Adherent, ReminderSent

    day = _parse(today)
    adherent = Adherent.objects.select_related("groupement").filter(pk=adherent_id).first()
    if adherent is None or adherent.commitment != Adherent.Commitment.FIRST_PERIOD:
        return "not_engaged"
    cal = adherent.groupement.calendar
    if day < cal.reminder_date(kind):
        return "not_due"
    if day >= cal.first_period_end:
        return "window_closed"
    recipients = [c.email for c in adherent.contacts.all() if c.email]
    try:
        with transaction.atomic():
            ReminderSent.objects.create(adherent=adherent, kind=kind, sent_on=day)
    except IntegrityError:
        return "already_sent"
    if recipients:
        send_mail(
            REMINDER_SUBJECTS[kind],
            reminder_text(adherent, kind),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    return "sent"


@task()
def apply_tacit_renewal(adherent_id: int, today: str | None = None) -> bool:
    from preau.groupement.models import Adherent
    from preau.groupement.services import record_tacit_renewal

    adherent = Adherent.objects.filter(pk=adherent_id).first()
    return adherent is not None and record_tacit_renewal(adherent, today=_parse(today))


@task()
def probe_availability() -> bool:
    """The app's own readiness (database + task queue), recorded up or down."""
    from preau.core.views import check_database, check_tasks
    from preau.groupement.services import record_probe

    failed = []
    for name, check in (("database", check_database), ("tasks", check_tasks)):
        try:
            check()
        except Exception:
            logger.exception("availability probe: %s failed", name)
            failed.append(name)
    record_probe(not failed, detail=", ".join(failed))
    return not failed


# The availability probe every PREAU_AVAILABILITY_PROBE_MINUTES, enqueued by `run_scheduler`.
SCHEDULE = [
    Periodic(
        "groupement.availability_probe",
        probe_availability,
        every=dt.timedelta(minutes=settings.PREAU_AVAILABILITY_PROBE_MINUTES),
    )
]
