"""Screens' reads: content, shared with me, trash, search, with their query counts pinned."""

from __future__ import annotations

from preau.directory.models import Group
from preau.documents import selectors
from preau.documents.factories import make_document, make_folder
from preau.documents.services import spaces
from preau.documents.services.shares import share_document, share_folder
from preau.documents.services.trash import trash, trash_folder


def test_listing_my_space_and_a_folder_in_two_queries(t, django_assert_num_queries):
    folder = make_folder(t.teacher, "Sorties")
    for i in range(4):
        make_document(t.teacher, f"doc {i}.txt")
        make_document(t.teacher, f"dans {i}.txt", folder=folder)
    trash(t.teacher, make_document(t.teacher, "jeté.txt"))
    with django_assert_num_queries(2):
        top = selectors.listing(t.teacher, None)
    assert [f.name for f in top.folders] == ["Sorties"]
    assert [d.name for d in top.documents] == [f"doc {i}.txt" for i in range(4)]
    with django_assert_num_queries(2):
        inside = selectors.listing(t.teacher, folder)
    assert len(inside.documents) == 4


def test_shared_with_me_lists_documents_and_folders_from_others(t, django_assert_num_queries):
    mine = make_document(t.parent, "à moi.txt")
    direct = make_document(t.teacher, "pour vous.txt")
    share_document(t.teacher, direct, user=t.parent)
    folder = make_folder(t.teacher, "Classe verte")
    share_folder(
        t.teacher,
        folder,
        group=Group.objects.get(kind="class_profile", school_class=t.ce1, profile="responsable"),
    )
    space = spaces.class_space(t.ce1)  # class spaces have their own page
    outing = make_folder(t.teacher, "Sortie au musée", space)
    share_folder(t.teacher, outing, user=t.parent)  # a sub-folder of it, shared on its own
    with django_assert_num_queries(2):
        shared = selectors.shared_with_me(t.parent)
    assert [d.name for d in shared.documents] == ["pour vous.txt"]
    assert [f.name for f in shared.folders] == ["Classe verte", "Sortie au musée"]
    assert mine not in shared.documents
    assert shared.documents[0].owner == t.teacher


def test_trash_lists_what_i_threw_away(t, django_assert_num_queries):
    folder = make_folder(t.teacher, "Vieux")
    make_document(t.teacher, "dedans.txt", folder=folder)
    alone = make_document(t.teacher, "seul.txt")
    trash_folder(t.teacher, folder)
    trash(t.teacher, alone)
    with django_assert_num_queries(2):
        bin_ = selectors.trash_of(t.teacher)
    assert [f.name for f in bin_.folders] == ["Vieux"]
    assert [d.name for d in bin_.documents] == ["seul.txt"]


def test_search_by_name_ignores_accents_and_case_and_only_finds_visible(
    t, django_assert_num_queries
):
    make_document(t.teacher, "Fête de l'école.txt")
    make_document(t.other_teacher, "fete des PS.txt")
    with django_assert_num_queries(1):
        found = selectors.search(t.teacher, "FETE")
    assert [d.name for d in found] == ["Fête de l'école.txt"]
    assert selectors.search(t.teacher, "  ") == []


def test_spaces_of_a_parent_and_a_teacher(t):
    assert [(s.kind, s.id) for s in selectors.spaces_of(t.parent)] == [("class", t.ce1.pk)]
    teacher_spaces = {(s.kind, s.id) for s in selectors.spaces_of(t.teacher)}
    assert teacher_spaces == {("class", t.ce1.pk), ("team", t.school.pk)}


PEOPLE = ("teacher", "other_teacher", "director", "atsem", "pupil", "parent", "maternelle_parent")


def test_current_file_for_a_download_agrees_with_the_policy_in_one_query(
    t, django_assert_num_queries
):
    from preau.documents.policies import document as document_policy

    own = make_document(t.teacher, "à moi.txt")
    direct = make_document(t.teacher, "pour le parent.txt")
    share_document(t.teacher, direct, user=t.parent)
    folder = make_folder(t.teacher, "Classe verte")
    inside = make_document(t.teacher, "dans le dossier.txt", folder=folder)
    parents = Group.objects.get(kind="class_profile", school_class=t.ce1, profile="responsable")
    share_folder(t.teacher, folder, group=parents)
    for who in PEOPLE:
        person = getattr(t, who)
        readable = set(document_policy.visible_to(person).values_list("pk", flat=True))
        for document in (own, direct, inside):
            with django_assert_num_queries(1):
                stored = selectors.current_file(person, document.pk)
            assert (stored is not None) == (document.pk in readable), (who, document.name)
            if stored is not None:
                assert document.current is not None
                assert stored.key == document.current.file.key
                assert stored.size == document.size
    assert selectors.current_file(t.parent, 10**9) is None
