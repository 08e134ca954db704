"""The nightly purge: copies trashed long ago are deleted, their files freed, nothing else."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from preau.core.scheduling import registered_jobs
from preau.messaging.models import Delivery
from preau.messaging.services import attachments, compose
from preau.messaging.tasks import purge_old_trash
from preau.storage.selectors import usage_of
from preau.storage.testing import stored_blobs


def sent_with_file(tiny):
    draft = compose.save_draft(tiny.teacher, to=[tiny.parent.pk], subject="Menu")
    attachments.attach_upload(tiny.teacher, draft, SimpleUploadedFile("menu.txt", b"Frites\n"))
    return compose.send(tiny.teacher, to=[tiny.parent.pk], subject="M", body="", draft_id=draft.pk)


def age_trash(message, days):
    Delivery.objects.filter(message=message).update(
        trashed_at=timezone.now() - timedelta(days=days)
    )


def test_old_trash_is_purged_and_files_freed_once(
    tiny, settings, local_files, django_capture_on_commit_callbacks
):
    settings.PREAU_MESSAGING_TRASH_DAYS = 30
    old, recent = sent_with_file(tiny), sent_with_file(tiny)
    age_trash(old, 31)
    age_trash(recent, 3)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_old_trash.call() == 2  # the sender's and the parent's copies of `old`
    assert purge_old_trash.call() == 0
    assert not Delivery.objects.filter(message=recent, deleted_at__isnull=False).exists()
    assert len(stored_blobs(local_files)) == 1
    assert usage_of(tiny.teacher).used == len(b"Frites\n")


def test_messages_not_in_the_trash_are_kept(tiny):
    message = sent_with_file(tiny)
    Delivery.objects.filter(message=message).update(date=timezone.now() - timedelta(days=900))
    assert purge_old_trash.call() == 0


def test_the_purge_is_a_scheduled_job():
    assert "messaging.purge_old_trash" in [job.name for job in registered_jobs()]
