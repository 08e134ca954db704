"""Files joined to a mot: uploaded or copied from the author's documents, through the storage
core; refusals are typed and leave nothing behind."""

from typing import Any

import pytest

from preau.documents.services.documents import upload as upload_document
from preau.liaison.errors import AttachmentNotFound, TooManyAttachments
from preau.liaison.models import Note, NoteAttachment
from preau.liaison.services import Audience, publish_note
from preau.storage.errors import FileTypeRefused, QuotaExceeded
from preau.storage.models import StoredFile
from preau.storage.testing import pdf_bytes, png_bytes, stored_blobs, upload


def _publish(author: Any, fam: Any, **files: Any) -> Note:
    return publish_note(
        author,
        title="Sortie au musée",
        body="Voici le programme.",
        audience=Audience(class_ids=(fam.cls.pk,)),
        **files,
    )


def test_uploaded_files_are_stored_for_the_liaison_in_the_authors_quota(fam: Any) -> None:
    note = _publish(
        fam.teacher,
        fam,
        attachments=[upload("programme.pdf", pdf_bytes()), upload("plan.png", png_bytes())],
    )

    joined = list(note.attachments.select_related("file"))
    assert [a.file.name for a in joined] == ["programme.pdf", "plan.png"]
    assert {(a.file.service, a.file.owner_id) for a in joined} == {("liaison", fam.teacher.pk)}


def test_a_document_of_the_author_is_copied_into_the_mot(fam: Any) -> None:
    document = upload_document(fam.teacher, upload("liste.pdf", pdf_bytes()))

    note = _publish(fam.teacher, fam, documents=[document.pk])

    stored = note.attachments.get().file
    assert stored.service == "liaison" and stored.pk != document.current.file_id  # type: ignore[union-attr]
    assert stored.sha256 == document.current.file.sha256  # type: ignore[union-attr]


def test_someone_elses_document_cannot_be_joined(fam: Any) -> None:
    document = upload_document(fam.mother, upload("secret.pdf", pdf_bytes()))

    with pytest.raises(AttachmentNotFound):
        _publish(fam.teacher, fam, documents=[document.pk])

    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("content", "error"),
    [(b"#!/bin/sh\necho hello\n", FileTypeRefused), (None, QuotaExceeded)],
)
def test_refused_files_leave_no_mot_and_no_bytes(
    fam: Any, local_files: Any, settings: Any, content: bytes | None, error: type
) -> None:
    if content is None:
        settings.PREAU_QUOTA_STAFF_BYTES = 10
        content = pdf_bytes()
    files = [upload("ok.png", png_bytes()), upload("piece.bin", content)]

    with pytest.raises(error):
        _publish(fam.teacher, fam, attachments=files)

    assert not Note.objects.exists() and not NoteAttachment.objects.exists()
    assert not StoredFile.objects.exists() and stored_blobs(local_files) == []


def test_at_most_ten_attachments(fam: Any) -> None:
    with pytest.raises(TooManyAttachments):
        _publish(fam.teacher, fam, attachments=[upload(f"{i}.png", png_bytes()) for i in range(11)])
