"""Attachments of a mot: shown to and downloadable by the families who read it, nobody else."""

from typing import Any

import pytest
from django.urls import reverse

from preau.core.testing.fixtures import session_read_queries
from preau.directory.factories import make_parent, make_pupil
from preau.liaison.services import Audience, publish_note
from preau.storage.testing import pdf_bytes, upload


@pytest.fixture
def note(fam: Any) -> Any:
    return publish_note(
        fam.teacher,
        title="Sortie",
        body="Le programme est joint.",
        audience=Audience(pupil_ids=(fam.ana.pk,)),
        attachments=[upload("programme.pdf", pdf_bytes("Programme"))],
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("teacher", True),
        ("director", True),
        ("mother", True),
        ("father", True),
        ("ana", True),
        ("leo_parent", False),
        ("leo", False),
        ("outsider_parent", False),
    ],
)
def test_attachment_is_shown_and_streamed_to_the_mots_readers_only(
    client: Any, fam: Any, note: Any, who: str, allowed: bool
) -> None:
    outsider = make_pupil(fam.other_class)
    fam.outsider_parent = make_parent(outsider)
    client.force_login(getattr(fam, who))
    joined = note.attachments.get()

    page = client.get(reverse("liaison:note", args=[note.pk]))
    download = client.get(
        reverse("liaison:attachment", args=[note.pk, joined.pk]) + "?telecharger=1"
    )

    if allowed:
        assert "programme.pdf" in page.content.decode()
        assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    else:
        assert (page.status_code, download.status_code) == (404, 404)


def test_teacher_joins_a_file_from_the_form(client: Any, fam: Any) -> None:
    client.force_login(fam.teacher)

    response = client.post(
        reverse("liaison:new"),
        {
            "title": "Sortie",
            "body": "Programme joint",
            "classes": [fam.cls.pk],
            "attachments": [upload("programme.pdf", pdf_bytes())],
        },
        follow=True,
    )

    assert "programme.pdf" in response.content.decode()
    assert response.context["attachments"][0].file.service == "liaison"


@pytest.mark.parametrize("files", [1, 3])
def test_note_page_query_count_does_not_grow_with_attachments(
    client: Any, fam: Any, files: int, django_assert_num_queries: Any
) -> None:
    created = publish_note(
        fam.teacher,
        title="Sortie",
        body="Programme",
        audience=Audience(class_ids=(fam.cls.pk,)),
        attachments=[upload(f"{i}.pdf", pdf_bytes()) for i in range(files)],
    )
    client.force_login(fam.mother)
    client.get(reverse("liaison:note", args=[created.pk]))

    # user, note, abilities (scope 4 + recipients), family rows, attachments
    with django_assert_num_queries(9 + session_read_queries()):
        client.get(reverse("liaison:note", args=[created.pk]))
