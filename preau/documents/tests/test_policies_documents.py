"""Who sees and acts on a document, parametrised over the people of a school."""

from __future__ import annotations

import pytest

from preau.communication.tests.helpers import TINY_SCHOOL_PEOPLE
from preau.directory.models import Group
from preau.documents.factories import make_document, make_folder
from preau.documents.models import Document
from preau.documents.policies import document as document_policy
from preau.documents.policies import folder as folder_policy
from preau.documents.services import spaces
from preau.documents.services.shares import share_document, share_folder
from preau.sharing.errors import CommunicationForbidden

PEOPLE = TINY_SCHOOL_PEOPLE


def class_group(t, profile):
    return Group.objects.get(kind="class_profile", school_class=t.ce1, profile=profile)


@pytest.mark.parametrize(
    ("person", "reads", "manages"),
    [
        ("teacher", True, True),
        ("director", True, True),  # teaches CE1 A too
        ("other_teacher", False, False),
        ("atsem", False, False),
        ("pupil", True, False),
        ("classmate", True, False),
        ("maternelle_pupil", False, False),
        ("parent", True, False),
        ("classmate_parent", True, False),
        ("maternelle_parent", False, False),
    ],
)
def test_a_class_space_document_is_for_the_class_and_nobody_else(t, person, reads, manages):
    space = spaces.class_space(t.ce1)
    document = make_document(t.teacher, "sortie.txt", folder=space)
    user = getattr(t, person)
    abilities = document_policy.get_abilities(user, document)
    assert abilities["read"] is reads
    assert abilities["manage"] is manages or person == "teacher"
    assert document_policy.visible_to(user).filter(pk=document.pk).exists() is reads
    assert folder_policy.get_abilities(user, space)["read"] is reads


@pytest.mark.parametrize("person", PEOPLE)
def test_a_document_shared_with_the_class_parents_reaches_exactly_them(t, person):
    document = make_document(t.teacher, "photo.txt")
    share_document(t.teacher, document, group=class_group(t, "responsable"))
    expected = person in {"teacher", "parent", "classmate_parent"}
    assert (
        document_policy.visible_to(getattr(t, person)).filter(pk=document.pk).exists() is expected
    )


@pytest.mark.parametrize(
    ("person", "contributes"),
    [("teacher", True), ("atsem", True), ("parent", False), ("pupil", False)],
)
def test_the_team_space_is_for_school_staff(t, person, contributes):
    space = spaces.team_space(t.school)
    assert folder_policy.get_abilities(getattr(t, person), space)["contribute"] is contributes


def test_sharing_outside_the_rules_is_refused(t):
    document = make_document(t.parent, "mot.txt")
    with pytest.raises(CommunicationForbidden):
        share_document(t.parent, document, user=t.other_teacher)
    share_document(t.parent, document, user=t.teacher)
    assert document_policy.get_abilities(t.teacher, document)["read"]


def test_a_shared_folder_gives_its_documents_and_subfolders(t):
    top = make_folder(t.teacher, "Projets")
    inner = make_folder(t.teacher, "Sciences", top)
    document = make_document(t.teacher, folder=inner)
    share_folder(t.teacher, top, user=t.director, level="contribute")
    assert document_policy.get_abilities(t.director, document) == {
        "read": True,
        "contribute": True,
        "manage": False,
        "publish": False,
        "comment": True,
    }


@pytest.mark.parametrize("person", PEOPLE)
def test_a_shared_subfolder_reaches_its_content_below_and_nothing_above(t, person):
    top = make_folder(t.teacher, "Projets")
    inner = make_folder(t.teacher, "Sciences", top)
    deeper = make_folder(t.teacher, "Plantes", inner)
    above = make_document(t.teacher, "au-dessus.txt", folder=top)
    inside = make_document(t.teacher, "dedans.txt", folder=inner)
    below = make_document(t.teacher, "dessous.txt", folder=deeper)
    share_folder(t.teacher, inner, group=class_group(t, "responsable"))
    user = getattr(t, person)
    expected = person in {"teacher", "parent", "classmate_parent"}
    visible = set(document_policy.visible_to(user).values_list("pk", flat=True))
    assert visible & {inside.pk, below.pk} == ({inside.pk, below.pk} if expected else set())
    assert (above.pk in visible) is (person == "teacher")
    folders = set(folder_policy.visible_to(user).values_list("pk", flat=True))
    assert (inner.pk in folders, deeper.pk in folders) == (expected, expected)
    assert (top.pk in folders) is (person == "teacher")
    assert document_policy.get_abilities(user, below)["read"] is expected
    assert folder_policy.get_abilities(user, deeper)["read"] is expected


def test_moving_a_folder_in_or_out_of_a_shared_subfolder_moves_its_rights(t):
    from preau.documents.services.folders import move_folder

    top = make_folder(t.teacher, "Projets")
    shared = make_folder(t.teacher, "Partagé", top)
    elsewhere = make_folder(t.teacher, "Privé")
    branch = make_folder(t.teacher, "Branche", elsewhere)
    leaf = make_folder(t.teacher, "Feuille", branch)
    document = make_document(t.teacher, "feuille.txt", folder=leaf)
    share_folder(t.teacher, shared, user=t.director)
    assert not document_policy.get_abilities(t.director, document)["read"]
    move_folder(t.teacher, branch, shared)
    assert document_policy.get_abilities(t.director, document)["read"]
    assert document_policy.visible_to(t.director).filter(pk=document.pk).exists()
    move_folder(t.teacher, branch, None)
    assert not document_policy.visible_to(t.director).filter(pk=document.pk).exists()
    assert not folder_policy.get_abilities(t.director, leaf)["read"]


def test_anonymous_sees_nothing(t):
    from django.contrib.auth.models import AnonymousUser

    document = make_document(t.teacher)
    assert not any(document_policy.get_abilities(AnonymousUser(), document).values())
    assert not document_policy.visible_to(AnonymousUser()).exists()


def test_policies_query_counts_do_not_grow(t, django_assert_num_queries):
    space = spaces.class_space(t.ce1)
    documents = [make_document(t.teacher, f"d{i}.txt", folder=space) for i in range(5)]
    make_document(t.parent, "à moi.txt")
    document_policy.get_abilities(t.parent, documents[0])  # warm the content-type cache
    with django_assert_num_queries(1):
        assert document_policy.get_abilities(t.parent, documents[0])["read"]
    with django_assert_num_queries(1):
        assert len(list(document_policy.visible_to(t.parent))) == 6
    with django_assert_num_queries(1):
        assert folder_policy.get_abilities(t.parent, space)["read"]
    assert Document.objects.count() == 6


def test_query_counts_stay_flat_in_deep_shared_subfolders(t, django_assert_num_queries):
    folder = make_folder(t.teacher, "Niveau 0")
    share_folder(t.teacher, folder, group=class_group(t, "responsable"))
    for depth in range(1, 6):
        folder = make_folder(t.teacher, f"Niveau {depth}", folder)
    deep = make_document(t.teacher, "tout en bas.txt", folder=folder)
    document_policy.get_abilities(t.parent, deep)  # warm the content-type cache
    with django_assert_num_queries(1):
        assert document_policy.get_abilities(t.parent, deep)["read"]
    with django_assert_num_queries(1):
        assert folder_policy.get_abilities(t.parent, folder)["read"]
    with django_assert_num_queries(1):
        assert [d.pk for d in document_policy.visible_to(t.parent)] == [deep.pk]
    with django_assert_num_queries(1):
        assert len(list(folder_policy.visible_to(t.parent))) == 6
