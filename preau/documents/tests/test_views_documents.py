"""The pages of the espace documentaire, their French messages and their query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from preau.core.testing.fixtures import session_read_queries
from preau.directory.models import Group
from preau.documents.factories import make_document, make_folder
from preau.documents.models import Document
from preau.documents.services.shares import share_document
from preau.documents.services.trash import trash
from preau.storage.models import Quota
from preau.storage.testing import png_bytes


def test_my_documents_page_lists_folders_documents_and_spaces(client, t, django_assert_num_queries):
    make_folder(t.teacher, "Sorties")
    for i in range(3):
        make_document(t.teacher, f"fiche {i}.txt")
    client.force_login(t.teacher)
    client.get(reverse("documents:home"))
    # 6 + 1: whether to offer the storage management pages (a function held)
    with django_assert_num_queries(7 + session_read_queries()):
        page = client.get(reverse("documents:home")).content.decode()
    assert "Sorties" in page and "fiche 2.txt" in page
    assert "Classe CE1 A" in page and "Équipe" in page
    assert "Gérer le stockage des écoles" not in page
    make_document(t.teacher, "fiche 4.txt")
    with django_assert_num_queries(7 + session_read_queries()):
        client.get(reverse("documents:home"))


def test_upload_from_the_page_with_a_clear_message(client, t):
    client.force_login(t.teacher)
    response = client.post(
        reverse("documents:upload"),
        {"file": SimpleUploadedFile("photo.png", png_bytes())},
        follow=True,
    )
    assert "« photo.png » a été enregistré." in response.content.decode()
    assert Document.objects.get().has_preview


def test_a_full_space_says_so_in_french(client, t):
    Quota.objects.create(user=t.parent, limit_bytes=10)
    client.force_login(t.parent)
    response = client.post(
        reverse("documents:upload"), {"file": SimpleUploadedFile("a.txt", b"x" * 100)}, follow=True
    )
    assert "Votre espace de stockage est plein" in response.content.decode()
    assert not Document.objects.exists()


def test_class_space_opens_for_parents_not_for_other_classes(client, t):
    client.force_login(t.parent)
    response = client.get(reverse("documents:class_space", args=[t.ce1.pk]))
    assert response.status_code == 302
    assert "Classe CE1 A" in client.get(response["Location"]).content.decode()
    client.force_login(t.maternelle_parent)
    assert client.get(reverse("documents:class_space", args=[t.ce1.pk])).status_code == 404


def test_detail_shares_and_recipients_picker(client, t):
    document = make_document(t.teacher, "photo.png", png_bytes())
    client.force_login(t.teacher)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Partager" in page and "Versions" in page
    parents = Group.objects.get(kind="class_profile", school_class=t.ce1, profile="responsable")
    picker = client.get(reverse("documents:recipients"), {"q": "parents"})
    assert parents.name in picker.content.decode()
    response = client.post(
        reverse("documents:share", args=[document.pk]),
        {"target": f"group:{parents.pk}", "level": "read"},
        follow=True,
    )
    assert "Document partagé avec" in response.content.decode()
    client.force_login(t.parent)
    assert "photo.png" in client.get(reverse("documents:shared")).content.decode()
    preview = client.get(reverse("documents:preview", args=[document.pk]))
    assert preview["Content-Type"] == "image/jpeg"
    client.force_login(t.maternelle_parent)
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 404


def test_shared_and_trash_pages_query_counts(client, t, django_assert_num_queries):
    for i in range(3):
        document = make_document(t.teacher, f"d{i}.txt")
        share_document(t.teacher, document, user=t.parent)
        trash(t.parent, make_document(t.parent, f"mine{i}.txt"))
    client.force_login(t.parent)
    client.get(reverse("documents:shared"))
    # session, user, then 2 reads: the same whatever the number of documents
    with django_assert_num_queries(3 + session_read_queries()):
        assert "d2.txt" in client.get(reverse("documents:shared")).content.decode()
    with django_assert_num_queries(3 + session_read_queries()):
        assert "mine2.txt" in client.get(reverse("documents:trash")).content.decode()
    share_document(t.teacher, make_document(t.teacher, "encore.txt"), user=t.parent)
    with django_assert_num_queries(3 + session_read_queries()):
        assert "encore.txt" in client.get(reverse("documents:shared")).content.decode()


@pytest.mark.parametrize("htmx", [True, False])
def test_search_page_and_htmx_partial(client, t, htmx):
    make_document(t.teacher, "Kermesse.txt")
    client.force_login(t.teacher)
    headers = {"HX-Request": "true"} if htmx else {}
    page = client.get(reverse("documents:search"), {"q": "kerm"}, headers=headers).content.decode()
    assert "Kermesse.txt" in page
    assert ("<html" in page) is not htmx


def test_mon_compte_shows_the_storage_gauge(client, t):
    make_document(t.parent, "a.txt", b"x" * 2048)
    client.force_login(t.parent)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Mon espace de stockage" in page
    assert "2 Kio utilisés sur 1 Gio" in page


def test_a_top_folder_is_shared_from_its_page(client, t):
    folder = make_folder(t.teacher, "Classe verte")
    make_document(t.teacher, "programme.txt", folder=folder)
    client.force_login(t.teacher)
    page = client.get(reverse("documents:folder", args=[folder.pk])).content.decode()
    assert "Partager ce dossier" in page
    response = client.post(
        reverse("documents:share_folder", args=[folder.pk]),
        {"target": f"person:{t.director.pk}", "level": "contribute"},
        follow=True,
    )
    assert "Dossier partagé avec" in response.content.decode()
    client.force_login(t.director)
    shared = client.get(reverse("documents:shared")).content.decode()
    assert "Classe verte" in shared
    inside = client.get(reverse("documents:folder", args=[folder.pk])).content.decode()
    assert "programme.txt" in inside and "Partager ce dossier" not in inside


def test_a_folder_page_costs_the_same_whatever_its_content(client, t, django_assert_num_queries):
    folder = make_folder(t.teacher, "Classe verte")
    make_document(t.teacher, "un.txt", folder=folder)
    client.force_login(t.teacher)
    url = reverse("documents:folder", args=[folder.pk])
    client.get(url)
    # session, user, folder, abilities, trail (1), listing (2), share picker
    # (`visible_recipients`: 2, ADR 0049) and current shares: 8 + the session read, whatever
    # the number of documents and sub-folders
    with django_assert_num_queries(8 + session_read_queries()):
        client.get(url)
    for i in range(3):
        make_document(t.teacher, f"encore {i}.txt", folder=folder)
        make_folder(t.teacher, f"sous {i}", folder)
    with django_assert_num_queries(8 + session_read_queries()):
        assert "encore 2.txt" in client.get(url).content.decode()


def test_a_sub_folder_is_shared_from_its_page_without_showing_what_is_above(client, t):
    top = make_folder(t.teacher, "Projets secrets")
    inner = make_folder(t.teacher, "Sciences", top)
    make_document(t.teacher, "graines.txt", folder=inner)
    make_document(t.teacher, "au-dessus.txt", folder=top)
    client.force_login(t.teacher)
    page = client.get(reverse("documents:folder", args=[inner.pk])).content.decode()
    assert "Partager ce dossier" in page
    client.post(
        reverse("documents:share_folder", args=[inner.pk]),
        {"target": f"person:{t.director.pk}", "level": "read"},
    )
    client.force_login(t.director)
    assert "Sciences" in client.get(reverse("documents:shared")).content.decode()
    inside = client.get(reverse("documents:folder", args=[inner.pk])).content.decode()
    assert "graines.txt" in inside
    assert "Projets secrets" not in inside  # the trail starts at what was shared
    assert client.get(reverse("documents:folder", args=[top.pk])).status_code == 404


def test_move_and_copy_from_a_listing_row(client, t, django_assert_num_queries):
    target = make_folder(t.teacher, "Rangement")
    document = make_document(t.teacher, "fiche.txt")
    client.force_login(t.teacher)
    home = reverse("documents:home")
    assert "Déplacer ou copier" in client.get(home).content.decode()
    url = reverse("documents:move_copy", args=[document.pk])
    client.get(url, {"next": home})
    # the document, the destinations, the abilities + the session (and person) read
    with django_assert_num_queries(3 + session_read_queries()):
        form = client.get(url, {"next": home}).content.decode()
    assert "Rangement" in form and ">Déplacer<" in form and f'value="{home}"' in form
    copied = client.post(
        reverse("documents:copy", args=[document.pk]),
        {"folder": target.pk, "next": home},
        follow=True,
    )
    assert copied.redirect_chain[-1][0] == home
    assert "Copie de « fiche.txt » enregistrée." in copied.content.decode()
    moved = client.post(
        reverse("documents:move", args=[document.pk]),
        {"folder": target.pk, "next": home},
        follow=True,
    )
    assert "« fiche.txt » a été déplacé." in moved.content.decode()
    inside = client.get(reverse("documents:folder", args=[target.pk])).content.decode()
    assert inside.count("fiche.txt") >= 2


def test_a_reader_may_copy_but_not_move(client, t):
    document = make_document(t.teacher, "menu.txt")
    share_document(t.teacher, document, user=t.parent)
    client.force_login(t.parent)
    form = client.get(reverse("documents:move_copy", args=[document.pk])).content.decode()
    assert ">Copier<" in form and ">Déplacer<" not in form
