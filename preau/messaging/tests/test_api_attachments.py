"""Attachments through the API: documents sent with a message, downloaded by its recipients."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from preau.documents.factories import make_document
from preau.documents.services import trash as document_trash
from preau.messaging.models import Attachment
from preau.storage.models import StoredFile
from preau.storage.selectors import usage_of
from preau.storage.services import set_quota
from preau.storage.testing import pdf_bytes, random_bytes, stored_blobs

URL = "/api/v1/messages"


def post(client, payload):
    return client.post(URL, data=json.dumps(payload), content_type="application/json")


def downloaded(response):
    return b"".join(response.streaming_content)


def test_recipient_downloads_the_exact_bytes_of_an_attached_document(client, tiny):
    content = pdf_bytes("Sortie au musée")
    document = make_document(tiny.teacher, "sortie.pdf", content)
    client.force_login(tiny.teacher)
    created = post(
        client,
        {
            "to": [tiny.parent.pk],
            "subject": "Sortie",
            "body": "Voir la pièce jointe",
            "attachments": [document.pk],
        },
    )
    assert created.status_code == 201

    client.force_login(tiny.parent)
    detail = client.get(f"{URL}/{created.json()['id']}").json()
    (attachment,) = detail["attachments"]
    assert attachment["name"] == "sortie.pdf" and attachment["size"] == len(content)
    response = client.get(attachment["url"])
    assert response.status_code == 200
    assert downloaded(response) == content
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("outsider", ["classmate_parent", "director"])
def test_someone_without_a_copy_gets_404(client, tiny, outsider):
    document = make_document(tiny.teacher, "liste.txt", b"Liste des affaires\n")
    client.force_login(tiny.teacher)
    message_id = post(
        client, {"to": [tiny.parent.pk], "subject": "Liste", "attachments": [document.pk]}
    ).json()["id"]
    attachment_id = Attachment.objects.get(message_id=message_id).pk
    client.force_login(getattr(tiny, outsider))
    response = client.get(f"{URL}/{message_id}/attachments/{attachment_id}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_the_sender_is_charged_once_whatever_the_number_of_recipients(client, tiny):
    from preau.directory.models import Group

    content = b"Programme de la semaine\n" * 40
    document = make_document(tiny.teacher, "programme.txt", content)
    before = usage_of(tiny.teacher).used
    parents = Group.objects.get(school_class=tiny.ce1, profile="responsable")
    client.force_login(tiny.teacher)
    created = post(
        client,
        {"to": [f"group:{parents.pk}"], "subject": "Programme", "attachments": [document.pk]},
    )
    assert created.status_code == 201
    assert usage_of(tiny.teacher).used == before + len(content)
    assert StoredFile.objects.filter(service="messagerie").count() == 1
    for parent in (tiny.parent, tiny.classmate_parent):
        client.force_login(parent)
        detail = client.get(f"{URL}/{created.json()['id']}").json()
        assert downloaded(client.get(detail["attachments"][0]["url"])) == content


def test_a_document_one_may_not_read_is_refused_and_nothing_is_sent(client, tiny):
    private = make_document(tiny.teacher, "bulletins.txt", b"confidentiel")
    client.force_login(tiny.director)
    response = post(client, {"to": [tiny.parent.pk], "subject": "x", "attachments": [private.pk]})
    assert response.status_code == 404
    assert response.json()["error"] == "document_not_found"
    assert response.json()["documents"] == [private.pk]
    assert not StoredFile.objects.filter(service="messagerie").exists()


def test_a_trashed_document_cannot_be_attached(client, tiny):
    document = make_document(tiny.teacher, "vieux.txt", b"ancien")
    document_trash.trash(tiny.teacher, document)
    client.force_login(tiny.teacher)
    response = post(client, {"to": [tiny.parent.pk], "subject": "x", "attachments": [document.pk]})
    assert response.json()["error"] == "document_not_found"


def test_quota_exceeded_refuses_the_send_and_leaves_no_bytes(
    client, tiny, local_files, django_capture_on_commit_callbacks
):
    content = random_bytes(4000)
    documents = [make_document(tiny.teacher, f"f{n}.pdf", b"%PDF-1.4\n" + content) for n in (1, 2)]
    used = usage_of(tiny.teacher).used
    set_quota(_admin(), tiny.teacher, used + len(content) + 100)  # room for one copy, not two
    blobs_before = len(stored_blobs(local_files))
    client.force_login(tiny.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            {"to": [tiny.parent.pk], "subject": "x", "attachments": [d.pk for d in documents]},
        )
    assert response.status_code == 413
    assert response.json()["error"] == "quota_exceeded"
    assert usage_of(tiny.teacher).used == used
    assert len(stored_blobs(local_files)) == blobs_before
    client.force_login(tiny.parent)
    assert client.get(f"{URL}?folder=inbox").json()["results"] == []


def test_too_many_attachments_is_refused(client, tiny):
    client.force_login(tiny.teacher)
    response = post(
        client, {"to": [tiny.parent.pk], "subject": "x", "attachments": list(range(1, 13))}
    )
    assert response.status_code == 422


def test_a_forward_keeps_the_attachments(client, tiny):
    document = make_document(tiny.teacher, "menu.txt", b"Menu de la cantine\n")
    client.force_login(tiny.teacher)
    first = post(
        client, {"to": [tiny.parent.pk], "subject": "Menu", "attachments": [document.pk]}
    ).json()["id"]
    forward = post(
        client,
        {"to": [tiny.director.pk], "subject": "Tr : Menu", "in_reply_to": first, "mode": "forward"},
    ).json()["id"]
    client.force_login(tiny.director)
    (attachment,) = client.get(f"{URL}/{forward}").json()["attachments"]
    assert downloaded(client.get(attachment["url"])) == b"Menu de la cantine\n"


def _admin():
    from preau.directory.factories import UserFactory

    return UserFactory.create(is_superuser=True, is_staff=True)


def test_an_uploaded_draft_attachment_is_sent_with_the_draft(client, tiny):
    from preau.messaging.services import attachments, compose

    draft = compose.save_draft(tiny.teacher, to=[tiny.parent.pk], subject="Photo")
    attachments.attach_upload(tiny.teacher, draft, SimpleUploadedFile("mot.txt", b"Bonjour\n"))
    client.force_login(tiny.teacher)
    sent = compose.send(
        tiny.teacher, to=[tiny.parent.pk], subject="Photo", body="", draft_id=draft.pk
    )
    client.force_login(tiny.parent)
    (attachment,) = client.get(f"{URL}/{sent.pk}").json()["attachments"]
    assert downloaded(client.get(attachment["url"])) == b"Bonjour\n"
