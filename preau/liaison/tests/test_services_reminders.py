import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from preau.liaison import errors
from preau.liaison.factories import publish_to_class
from preau.liaison.models import Reminder
from preau.liaison.services import deliver_reminder, send_reminder, sign_note
from preau.liaison.services.reminders import SUBJECT

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)  # db_worker opens its own connections (PostgreSQL pool)
def test_reminder_mails_a_link_to_unsigned_families_only(
    fam, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = DATABASE_QUEUE
    note = publish_to_class(fam.teacher, fam.cls, title="Sortie secrète au musée")
    sign_note(fam.father, note)
    with django_capture_on_commit_callbacks(execute=True):
        reminder = send_reminder(fam.teacher, note)
    assert mailoutbox == []  # nothing is sent inside the request: a task on the queue does it
    [queued] = DBTaskResult.objects.filter(task_path="preau.liaison.tasks.deliver_reminder")
    assert queued.args_kwargs["args"] == [reminder.pk]
    call_command("db_worker", "--batch", "--no-startup-delay")
    reminders = [m for m in mailoutbox if m.subject == SUBJECT]  # the fil's own mails aside
    assert [m.to for m in reminders] == [[fam.leo_parent.email]]
    assert f"/carnet/mot/{note.pk}/" in reminders[0].body
    assert all("musée" not in m.body and "musée" not in m.subject for m in mailoutbox)


def test_delivering_a_reminder_twice_mails_nobody_twice(fam, mailoutbox):
    note = publish_to_class(fam.teacher, fam.cls)
    reminder = send_reminder(fam.teacher, note)
    assert deliver_reminder(reminder.pk) == 3
    assert deliver_reminder(reminder.pk) == 0
    assert len(mailoutbox) == 3


def test_a_second_reminder_too_soon_is_refused(fam):
    note = publish_to_class(fam.teacher, fam.cls)
    send_reminder(fam.teacher, note)
    with pytest.raises(errors.ReminderTooSoon):
        send_reminder(fam.teacher, note)
    assert Reminder.objects.count() == 1


def test_only_the_author_or_the_director_may_remind(fam):
    note = publish_to_class(fam.teacher, fam.cls)
    with pytest.raises(errors.PermissionDenied):
        send_reminder(fam.mother, note)
    send_reminder(fam.director, note)


def test_nothing_to_remind_when_everyone_signed(fam):
    note = publish_to_class(fam.teacher, fam.cls)
    for parent in (fam.mother, fam.leo_parent):
        sign_note(parent, note)
    with pytest.raises(errors.NothingToSign):
        send_reminder(fam.teacher, note)
