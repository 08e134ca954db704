"""/api/v1/documents exactly as issue 5 describes it, typed refusals included."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from preau.directory.models import Group
from preau.documents.factories import make_document, make_folder
from preau.documents.models import DocumentVersion
from preau.documents.services.shares import share_document, unshare_document
from preau.storage.models import Quota, StoredFile
from preau.storage.testing import EICAR, pdf_bytes, random_bytes, stored_blobs

URL = "/api/v1/documents"


def post_file(client, name, content, **data):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **data})


def test_upload_answers_201_with_the_document(client, t):
    client.force_login(t.teacher)
    content = pdf_bytes()
    response = post_file(client, "liste.pdf", content)
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "name": "liste.pdf",
        "size": len(content),
        "content_type": "application/pdf",
    }


def test_upload_into_a_folder_and_list_it(client, t, django_assert_max_num_queries):
    folder = make_folder(t.teacher, "Sorties")
    client.force_login(t.teacher)
    created = post_file(client, "a.txt", b"abc", folder=folder.pk).json()
    make_document(t.teacher, "dehors.txt")
    listed = client.get(URL, {"folder": folder.pk}).json()
    assert listed == [created]
    assert [d["name"] for d in client.get(URL).json()] == ["dehors.txt"]


def test_metadata_and_exact_bytes_of_5_mb(client, t, local_files):
    client.force_login(t.teacher)
    content = b"%PDF-1.4\n" + random_bytes(5 * 1024 * 1024)
    created = post_file(client, "gros.pdf", content).json()
    # Hashed while received, moved (not copied) from Django's temporary file into place.
    stored = StoredFile.objects.get()
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert [p.read_bytes() == content for p in stored_blobs(local_files)] == [True]
    meta = client.get(f"{URL}/{created['id']}").json()
    assert meta["size"] == len(content) and meta["version"] == 1
    assert meta["abilities"]["manage"] is True
    response = client.get(f"{URL}/{created['id']}/content")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment")


def test_someone_elses_document_is_not_found(client, t):
    document = make_document(t.teacher)
    client.force_login(t.maternelle_parent)
    for path in (f"{URL}/{document.pk}", f"{URL}/{document.pk}/content"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"


def test_behind_nginx_each_download_is_authorised_in_fixed_queries_and_a_revoked_share_stops_it(
    client, t, settings, django_assert_num_queries
):
    """S8's hot path (ADR 0057): the session (from the cache when there is one), the person and
    one statement of the document policy; nothing cached between downloads, so taking a share
    back refuses the very next request, and a `Range` header is left to nginx."""
    settings.PREAU_X_ACCEL_REDIRECT_PREFIX = "/_protected/files/"
    document = make_document(t.teacher, "sortie.pdf")
    share_document(t.teacher, document, user=t.parent)
    client.force_login(t.parent)
    path = f"{URL}/{document.pk}/content"
    assert client.get(path).status_code == 200  # the session's first refresh is written here
    queries = 2 if settings.SESSION_ENGINE.endswith("cached_db") else 3
    with django_assert_num_queries(queries):
        response = client.get(path, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 200 and response.content == b""
    key = DocumentVersion.objects.select_related("file").get(document=document).file.key
    assert response["X-Accel-Redirect"] == f"/_protected/files/{key}"
    assert response["Accept-Ranges"] == "bytes"

    unshare_document(t.teacher, document, user=t.parent)

    with django_assert_num_queries(queries):
        refused = client.get(path)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


@pytest.mark.parametrize(
    ("name", "content", "code", "status"),
    [
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 300, "file_type_refused", 415),
        ("page.html", b"<!DOCTYPE html><html><body>x</body></html>", "file_type_refused", 415),
        ("gros.txt", b"a" * (2 << 20), "file_too_large", 413),
        ("plein.txt", b"b" * 4000, "quota_exceeded", 413),
    ],
)
def test_refused_uploads_get_typed_errors_and_leave_nothing(
    client, t, settings, local_files, name, content, code, status
):
    settings.PREAU_UPLOAD_SERVICE_LIMITS_MB = ["documents:1"]
    Quota.objects.create(user=t.parent, limit_bytes=3000)
    client.force_login(t.parent)
    response = post_file(client, name, content)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == code and body["message"]
    assert not StoredFile.objects.exists() and stored_blobs(local_files) == []


def test_eicar_upload_answers_virus_found_and_stores_nothing(
    client, t, settings, local_files, clamd_address
):
    settings.PREAU_CLAMD_ADDRESS = clamd_address
    client.force_login(t.teacher)
    response = post_file(client, "devoirs.txt", EICAR)
    assert response.status_code == 422
    assert response.json()["error"] == "virus_found"
    assert not StoredFile.objects.exists() and stored_blobs(local_files) == []
    assert client.get(URL).json() == []


def test_share_with_a_group_the_rules_allow_and_refuse_others(client, t):
    document = make_document(t.teacher, "photo.txt")
    parents = Group.objects.get(kind="class_profile", school_class=t.ce1, profile="responsable")
    client.force_login(t.teacher)
    response = client.post(
        f"{URL}/{document.pk}/shares",
        {"group": parents.pk, "level": "read"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"],
        "user": None,
        "group": parents.pk,
        "level": "read",
    }
    client.force_login(t.parent)
    assert client.get(f"{URL}/{document.pk}").status_code == 200

    own = make_document(t.parent, "mot.txt")
    refused = client.post(
        f"{URL}/{own.pk}/shares", {"user": t.other_teacher.pk}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"] == "communication_forbidden"


def test_only_managers_share(client, t):
    document = make_document(t.teacher, "photo.txt")
    parents = Group.objects.get(kind="class_profile", school_class=t.ce1, profile="responsable")
    client.force_login(t.teacher)
    client.post(
        f"{URL}/{document.pk}/shares", {"group": parents.pk}, content_type="application/json"
    )
    client.force_login(t.parent)
    response = client.post(
        f"{URL}/{document.pk}/shares", {"user": t.teacher.pk}, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["error"] == "forbidden"


def test_anonymous_gets_401(client, t):
    assert client.get(URL).json()["error"] == "not_authenticated"
