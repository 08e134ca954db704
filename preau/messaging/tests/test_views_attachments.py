"""Attaching files while writing (htmx and without JavaScript), reading and downloading them."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from preau.messaging import selectors
from preau.messaging.models import Attachment, Message
from preau.messaging.services import attachments, compose
from preau.storage.selectors import usage_of

HTMX = {"HTTP_HX_REQUEST": "true"}


def form(tiny, **extra):
    return {"to": f"person:{tiny.parent.pk}", "subject": "Sortie", "body": "Bonjour", **extra}


def test_htmx_upload_saves_the_draft_and_lists_the_file(client, tiny):
    client.force_login(tiny.teacher)
    response = client.post(
        reverse("messaging:attach"),
        form(tiny, fichier=SimpleUploadedFile("autorisation.txt", b"Je soussigne\n")),
        **HTMX,
    )
    page = response.content.decode()
    draft = Message.objects.get(status="draft")
    assert "autorisation.txt" in page and f'value="{draft.pk}" hx-swap-oob="true"' in page
    assert draft.subject == "Sortie" and usage_of(tiny.teacher).used == len(b"Je soussigne\n")


def test_refused_file_type_is_explained_in_french(client, tiny):
    client.force_login(tiny.teacher)
    page = client.post(
        reverse("messaging:attach"),
        form(tiny, fichier=SimpleUploadedFile("jeu.exe", b"MZ\x90\x00" * 64)),
        **HTMX,
    ).content.decode()
    assert "type de fichier n&#x27;est pas accepté" in page
    assert not Attachment.objects.exists()


def test_without_javascript_joindre_comes_back_to_the_draft(client, tiny):
    client.force_login(tiny.teacher)
    response = client.post(
        reverse("messaging:attach"), form(tiny, fichier=SimpleUploadedFile("a.txt", b"abc"))
    )
    draft = Message.objects.get(status="draft")
    assert response["Location"] == f"{reverse('messaging:compose')}?brouillon={draft.pk}"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="attachment"' in page and "a.txt" in page


def test_detach_takes_the_file_off(client, tiny):
    client.force_login(tiny.teacher)
    client.post(
        reverse("messaging:attach"), form(tiny, fichier=SimpleUploadedFile("a.txt", b"abc"))
    )
    draft = Message.objects.get(status="draft")
    attachment = draft.attachments.get()
    page = client.post(
        reverse("messaging:detach", args=[attachment.pk]), form(tiny, draft_id=draft.pk), **HTMX
    ).content.decode()
    assert 'data-testid="attachment"' not in page and not Attachment.objects.exists()


def test_recipient_reads_and_downloads_outsider_gets_404(client, tiny):
    draft = compose.save_draft(tiny.teacher, to=[tiny.parent.pk], subject="Photo")
    attachments.attach_upload(tiny.teacher, draft, SimpleUploadedFile("menu.txt", b"Frites\n"))
    message = compose.send(
        tiny.teacher, to=[tiny.parent.pk], subject="M", body="", draft_id=draft.pk
    )
    url = reverse("messaging:attachment", args=[message.pk, draft.attachments.get().pk])

    client.force_login(tiny.parent)
    page = client.get(reverse("messaging:read", args=[message.pk])).content.decode()
    assert f'href="{url}"' in page
    assert b"".join(client.get(url).streaming_content) == b"Frites\n"
    client.force_login(tiny.classmate_parent)
    assert client.get(url).status_code == 404


def test_forward_page_lists_the_files_it_carries(client, tiny):
    draft = compose.save_draft(tiny.teacher, to=[tiny.parent.pk], subject="Photo")
    attachments.attach_upload(tiny.teacher, draft, SimpleUploadedFile("menu.txt", b"Frites\n"))
    message = compose.send(
        tiny.teacher, to=[tiny.parent.pk], subject="M", body="", draft_id=draft.pk
    )
    client.force_login(tiny.parent)
    page = client.get(f"{reverse('messaging:compose')}?repondre={message.pk}&mode=forward")
    assert 'data-testid="forwarded"' in page.content.decode()


def test_attachment_reads_are_one_query(tiny, django_assert_num_queries):
    draft = compose.save_draft(tiny.teacher, to=[tiny.parent.pk], subject="Photo")
    for n in range(3):
        attachments.attach_upload(tiny.teacher, draft, SimpleUploadedFile(f"{n}.txt", b"abc"))
    message = compose.send(
        tiny.teacher, to=[tiny.parent.pk], subject="M", body="", draft_id=draft.pk
    )
    first = draft.attachments.get(position=0)
    with django_assert_num_queries(1):
        assert [a.file.name for a in selectors.attachments(message)] == ["0.txt", "1.txt", "2.txt"]
    with django_assert_num_queries(1):
        found = selectors.attachment_for(tiny.parent, message.pk, first.pk)
        assert found is not None and found.file.size == 3
    with django_assert_num_queries(1):
        assert len(selectors.held_attachments(tiny.parent, message.pk)) == 3
