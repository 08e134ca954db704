"""Uploading, versions, rename, move, copy, trash and its automatic emptying."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from preau.core.errors import PermissionDenied
from preau.documents.errors import FolderInvalid, NameInvalid
from preau.documents.factories import make_document, make_folder
from preau.documents.models import Document, DocumentVersion, Folder
from preau.documents.services import documents as services
from preau.documents.services import folders as folder_services
from preau.documents.services import trash as trash_services
from preau.documents.services.shares import share_folder
from preau.storage.errors import QuotaExceeded
from preau.storage.models import Quota, StoredFile
from preau.storage.selectors import usage_of
from preau.storage.testing import pdf_bytes, stored_blobs


def test_upload_into_my_space_and_a_folder(t):
    folder = make_folder(t.teacher, "Sorties")
    document = make_document(t.teacher, "liste.pdf", pdf_bytes(), folder=folder)
    assert (document.name, document.content_type, document.folder, document.root) == (
        "liste.pdf",
        "application/pdf",
        folder,
        folder,
    )
    current = document.current
    assert current is not None and document.has_preview and current.number == 1
    assert usage_of(t.teacher).used == current.file.charged_bytes


def test_cannot_upload_into_someone_elses_folder(t):
    folder = make_folder(t.teacher, "Privé")
    with pytest.raises(FolderInvalid):
        make_document(t.parent, folder=folder)


def test_over_quota_upload_leaves_no_document_nor_bytes(t, local_files):
    Quota.objects.create(user=t.parent, limit_bytes=100)
    with pytest.raises(QuotaExceeded):
        make_document(t.parent, content=b"x" * 500)
    assert not Document.objects.exists() and not StoredFile.objects.exists()
    assert stored_blobs(local_files) == []


def test_versions_keep_every_file_and_the_last_is_current(t):
    document = make_document(t.teacher, "menu.txt", b"lundi")
    version = services.add_version(t.teacher, document, SimpleUploadedFile("x.txt", b"mardi !"))
    assert version.number == 2
    assert document.current == version and document.size == 7
    assert [v.number for v in document.versions.all()] == [2, 1]
    assert usage_of(t.teacher).used == 5 + 7


def test_rename_move_and_copy(t):
    document = make_document(t.teacher, "a.txt")
    services.rename(t.teacher, document, "  ../b.txt ")
    assert document.name == "b.txt"
    with pytest.raises(NameInvalid):
        services.rename(t.teacher, document, "   ")
    folder = make_folder(t.teacher, "Rangement")
    services.move(t.teacher, document, folder)
    assert (document.folder, document.root) == (folder, folder)
    twin = services.copy(t.teacher, document)
    assert twin.owner == t.teacher and twin.folder is None and twin.pk != document.pk
    assert twin.current and document.current
    assert twin.current.file.key != document.current.file.key


def test_only_managers_rename(t):
    document = make_document(t.teacher)
    with pytest.raises(PermissionDenied):
        services.rename(t.parent, document, "piraté.txt")


def test_moving_a_folder_carries_its_documents_root(t):
    top = make_folder(t.teacher, "Haut")
    inner = make_folder(t.teacher, "Dedans", top)
    document = make_document(t.teacher, folder=inner)
    other = make_folder(t.teacher, "Autre")
    folder_services.move_folder(t.teacher, top, other)
    document.refresh_from_db()
    inner.refresh_from_db()
    assert document.root == other and inner.root == other
    with pytest.raises(Exception, match="sous-dossiers"):
        folder_services.move_folder(t.teacher, other, inner)


def test_trash_restore_and_purge_gives_the_bytes_back(
    t, local_files, django_capture_on_commit_callbacks
):
    document = make_document(t.teacher, content=b"x" * 1000)
    trash_services.trash(t.teacher, document)
    assert usage_of(t.teacher).used == 1000  # the trash still counts
    trash_services.restore(t.teacher, document)
    assert document.trashed_at is None
    trash_services.trash(t.teacher, document)
    with django_capture_on_commit_callbacks(execute=True):
        trash_services.purge(t.teacher, document)
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert usage_of(t.teacher).used == 0 and stored_blobs(local_files) == []


def test_trashing_a_folder_takes_its_content_and_restores_it(t):
    folder = make_folder(t.teacher, "Sorties")
    document = make_document(t.teacher, folder=folder)
    trash_services.trash_folder(t.teacher, folder)
    document.refresh_from_db()
    assert document.trashed_at == folder.trashed_at is not None
    trash_services.restore_folder(t.teacher, folder)
    document.refresh_from_db()
    assert document.trashed_at is None


def test_trash_is_emptied_after_30_days_and_again_is_a_no_op(t, django_capture_on_commit_callbacks):
    old = make_document(t.teacher, "vieux.txt")
    recent = make_document(t.teacher, "récent.txt")
    folder = make_folder(t.teacher, "Vieux dossier")
    inside = make_document(t.teacher, "dedans.txt", folder=folder)
    trash_services.trash(t.teacher, old)
    trash_services.trash(t.teacher, recent)
    trash_services.trash_folder(t.teacher, folder)
    past = timezone.now() - timedelta(days=31)
    Document.objects.filter(pk__in=[old.pk, inside.pk]).update(trashed_at=past)
    Folder.objects.filter(pk=folder.pk).update(trashed_at=past)
    with django_capture_on_commit_callbacks(execute=True):
        assert trash_services.empty_trash() == {"documents": 2, "folders": 1}
    assert list(Document.objects.all()) == [recent]
    assert trash_services.empty_trash() == {"documents": 0, "folders": 0}
    assert usage_of(t.teacher).used == recent.size


def test_the_task_empties_the_trash(t):
    from preau.documents.tasks import empty_trash_task

    old = make_document(t.teacher)
    trash_services.trash(t.teacher, old)
    Document.objects.filter(pk=old.pk).update(trashed_at=timezone.now() - timedelta(days=40))
    assert empty_trash_task.call() == {"documents": 1, "folders": 0}
    assert empty_trash_task.call() == {"documents": 0, "folders": 0}


def test_a_contribution_is_charged_to_the_document_and_outlives_its_author(
    t, local_files, django_capture_on_commit_callbacks
):
    top = make_folder(t.teacher, "Projets")
    document = make_document(t.teacher, "plan.txt", b"v1", folder=top)
    share_folder(t.teacher, top, user=t.director, level="contribute")
    services.add_version(t.director, document, SimpleUploadedFile("plan.txt", b"v2 !"))
    assert usage_of(t.teacher).used == 2 + 4 and usage_of(t.director).used == 0

    with django_capture_on_commit_callbacks(execute=True):
        run_deletion(t.director)

    assert [v.number for v in document.versions.all()] == [2, 1]
    assert len(stored_blobs(local_files)) == 2


def test_deleting_an_account_deletes_its_stored_bytes(
    t, local_files, django_capture_on_commit_callbacks
):
    make_document(t.parent, content=b"x" * 300)
    assert len(stored_blobs(local_files)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        run_deletion(t.parent)

    assert stored_blobs(local_files) == [] and not StoredFile.objects.exists()


def run_deletion(user):
    """The lifecycle's final step for one account (as run_lifecycle does after the delays)."""
    from preau.lifecycle.services.lifecycle import _delete_accounts

    _delete_accounts(None, [user.pk], reason="test")


@pytest.mark.parametrize("operation", ["upload", "copy"])
def test_a_failure_after_the_bytes_were_stored_leaves_nothing(
    t, local_files, monkeypatch, operation
):
    source = make_document(t.teacher, "source.pdf", pdf_bytes())
    before = (StoredFile.objects.count(), stored_blobs(local_files), usage_of(t.teacher).used)

    def broken(*args, **kwargs):
        raise RuntimeError("panne de la base")

    monkeypatch.setattr(services, "audit", broken)
    with pytest.raises(RuntimeError):
        if operation == "upload":
            services.upload(t.teacher, SimpleUploadedFile("photo.pdf", pdf_bytes("Autre")))
        else:
            services.copy(t.teacher, source)
    after = (StoredFile.objects.count(), stored_blobs(local_files), usage_of(t.teacher).used)
    assert after == before
    assert Document.objects.count() == 1


def test_the_folder_closure_is_rebuilt_by_the_migration_as_the_services_keep_it(t):
    from importlib import import_module

    from django.apps import apps

    from preau.documents.models import FolderAncestor

    top = make_folder(t.teacher, "A")
    middle = make_folder(t.teacher, "B", top)
    make_folder(t.teacher, "C", middle)
    folder_services.move_folder(t.teacher, middle, make_folder(t.teacher, "D"))
    kept = set(FolderAncestor.objects.values_list("folder_id", "ancestor_id", "depth"))
    FolderAncestor.objects.all().delete()
    import_module("preau.documents.migrations.0004_folder_ancestors").fill_closure(apps, None)
    assert set(FolderAncestor.objects.values_list("folder_id", "ancestor_id", "depth")) == kept
    assert len(kept) == 1 + 1 + 2 + 3  # A; D; B under D; C under B under D
