"""Attachments' bytes: charged to the sender, kept while someone holds the message, then freed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from preau.core.errors import InvalidInput
from preau.messaging.models import Attachment, Message
from preau.messaging.services import attachments, compose, mailbox
from preau.storage.errors import FileTypeRefused
from preau.storage.models import StoredFile
from preau.storage.selectors import usage_of
from preau.storage.testing import stored_blobs


def upload(name="mot.txt", content=b"Bonjour la classe\n"):
    return SimpleUploadedFile(name, content)


def draft_with_file(actor, to, content=b"Bonjour la classe\n"):
    draft = compose.save_draft(actor, to=[to.pk], subject="Avec fichier")
    attachments.attach_upload(actor, draft, upload(content=content))
    return draft


def test_a_draft_keeps_its_files_and_charges_the_sender(tiny):
    draft = draft_with_file(tiny.teacher, tiny.parent, b"x" * 500)
    assert usage_of(tiny.teacher).used == 500
    again = compose.save_draft(tiny.teacher, draft_id=draft.pk, to=[tiny.parent.pk], subject="B")
    assert [a.file.size for a in again.attachments.all()] == [500]


def test_discarding_a_draft_gives_its_bytes_back(
    tiny, local_files, django_capture_on_commit_callbacks
):
    draft = draft_with_file(tiny.teacher, tiny.parent)
    with django_capture_on_commit_callbacks(execute=True):
        mailbox.trash(tiny.teacher, draft.pk)
    assert not Message.objects.filter(pk=draft.pk).exists()
    assert usage_of(tiny.teacher).used == 0 and stored_blobs(local_files) == []


def test_removing_a_file_from_a_draft(tiny, local_files, django_capture_on_commit_callbacks):
    draft = draft_with_file(tiny.teacher, tiny.parent)
    with django_capture_on_commit_callbacks(execute=True):
        attachments.remove(tiny.teacher, draft.pk, draft.attachments.get().pk)
    assert usage_of(tiny.teacher).used == 0 and stored_blobs(local_files) == []


def test_a_refused_file_is_not_attached(tiny):
    draft = compose.save_draft(tiny.teacher, to=[tiny.parent.pk], subject="Virus ?")
    with pytest.raises(FileTypeRefused):
        attachments.attach_upload(tiny.teacher, draft, upload("jeu.exe", b"MZ\x90\x00" * 64))
    assert not draft.attachments.exists() and usage_of(tiny.teacher).used == 0


def test_at_most_ten_files(tiny):
    draft = compose.save_draft(tiny.teacher, to=[tiny.parent.pk], subject="Beaucoup")
    for n in range(attachments.MAX_ATTACHMENTS):
        attachments.attach_upload(tiny.teacher, draft, upload(f"f{n}.txt", b"abc"))
    with pytest.raises(InvalidInput) as refused:
        attachments.attach_upload(tiny.teacher, draft, upload("trop.txt", b"abc"))
    assert refused.value.code == "too_many_attachments"


def test_the_files_stay_while_someone_holds_the_message_then_go(
    tiny, local_files, django_capture_on_commit_callbacks
):
    draft = draft_with_file(tiny.teacher, tiny.parent)
    message = compose.send(
        tiny.teacher, to=[tiny.parent.pk], subject="x", body="", draft_id=draft.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            mailbox.delete(tiny.teacher, message.pk)
    assert len(stored_blobs(local_files)) == 1  # the parent still holds it
    with django_capture_on_commit_callbacks(execute=True):
        mailbox.move(tiny.parent, message.pk, "trash")
        mailbox.empty_trash(tiny.parent)
    assert stored_blobs(local_files) == [] and not Attachment.objects.exists()
    assert usage_of(tiny.teacher).used == 0


def sent_then_account_deleted(sender, recipient, deleted, on_commit):
    from preau.lifecycle.services.lifecycle import _delete_accounts

    draft = draft_with_file(sender, recipient)
    compose.send(sender, to=[recipient.pk], subject="x", body="", draft_id=draft.pk)
    with on_commit(execute=True):
        _delete_accounts(None, [deleted.pk], reason="test")


def test_deleting_the_senders_account_deletes_message_and_bytes(
    tiny, local_files, django_capture_on_commit_callbacks
):
    sent_then_account_deleted(
        tiny.parent, tiny.teacher, tiny.parent, django_capture_on_commit_callbacks
    )
    assert not StoredFile.objects.exists() and stored_blobs(local_files) == []


def test_deleting_a_recipients_account_keeps_the_senders_files(
    tiny, local_files, django_capture_on_commit_callbacks
):
    sent_then_account_deleted(
        tiny.teacher, tiny.parent, tiny.parent, django_capture_on_commit_callbacks
    )
    assert len(stored_blobs(local_files)) == 1 and Attachment.objects.count() == 1
