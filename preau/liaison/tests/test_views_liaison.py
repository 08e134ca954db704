import pytest
from django.urls import reverse

from preau.core.testing.fixtures import session_read_queries
from preau.liaison.factories import publish_to_class
from preau.liaison.models import NoteRecipient

pytestmark = pytest.mark.django_db


def test_parent_sees_the_mot_under_the_child_and_signs(client, fam):
    note = publish_to_class(fam.teacher, fam.cls)
    client.force_login(fam.leo_parent)
    page = client.get(reverse("liaison:home") + f"?enfant={fam.leo.pk}")
    assert "Sortie au musée" in page.content.decode() and "À signer" in page.content.decode()
    client.post(reverse("liaison:sign", args=[note.pk]), {"pupil": fam.leo.pk})
    assert NoteRecipient.objects.get(note=note, parent=fam.leo_parent).signed_at is not None


def test_author_follow_up_and_exports(client, fam):
    note = publish_to_class(fam.teacher, fam.cls)
    client.force_login(fam.teacher)
    page = client.get(reverse("liaison:note", args=[note.pk])).content.decode()
    assert "0 signatures sur 3 élèves" in page
    csv = client.get(reverse("liaison:export_csv", args=[note.pk])).content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "Classe;Élève;Signé;Responsable;Signé le;Réponse"
    assert "SEULE Zoé;non;;;" in csv
    pdf = client.get(reverse("liaison:export_pdf", args=[note.pk]))
    assert pdf.content[:5] == b"%PDF-"


def test_a_parent_cannot_see_the_follow_up(client, fam):
    note = publish_to_class(fam.teacher, fam.cls)
    client.force_login(fam.mother)
    assert client.get(reverse("liaison:export_csv", args=[note.pk])).status_code == 404


def test_parent_writes_to_the_teacher_who_acknowledges(client, fam):
    client.force_login(fam.leo_parent)
    response = client.post(
        reverse("liaison:write") + f"?enfant={fam.leo.pk}",
        {"teacher": fam.teacher.pk, "title": "Absence", "body": "Léo sera absent lundi."},
    )
    assert response.status_code == 302
    client.force_login(fam.teacher)
    home = client.get(reverse("liaison:home")).content.decode()
    assert "Absence" in home and "(nouveau)" in home
    from preau.liaison.models import ParentMessage

    message = ParentMessage.objects.get()
    client.post(reverse("liaison:acknowledge", args=[message.pk]))
    message.refresh_from_db()
    assert message.acknowledged_at is not None


@pytest.mark.parametrize("notes", [1, 4])
def test_home_query_count_does_not_grow(client, fam, notes, django_assert_num_queries):
    for i in range(notes):
        publish_to_class(fam.teacher, fam.cls, title=f"Mot {i}")
    # user, the person's scope (4), links, mots, parents' mots; the session and the messaging
    # banner are warm (the first page of a session saves it, the banner is cached)
    for person in (fam.mother, fam.teacher):
        client.force_login(person)
        client.get(reverse("liaison:home"))
        with django_assert_num_queries(8 + session_read_queries()):
            client.get(reverse("liaison:home"))
