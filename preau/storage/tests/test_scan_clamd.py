"""The antivirus against a real clamd: PREAU_TEST_CLAMD_ADDRESS (CI) or one the session starts
with the project's own EICAR signature (preau/storage/local_clamd.py); skipped, with the reason,
only where Debian's clamav-daemon is not installed."""

from __future__ import annotations

import pytest

from preau.directory.factories import make_teacher
from preau.storage import services
from preau.storage.errors import ScanUnavailable, VirusFound
from preau.storage.models import Quota, StoredFile
from preau.storage.testing import EICAR, stored_blobs, upload


@pytest.mark.parametrize(
    "name, content",
    [("test.txt", EICAR), ("notes.txt", b"Liste des sorties\n" + EICAR + b"\nfin\n")],
)
def test_eicar_is_refused_by_clamd_and_nothing_is_kept(
    school_class, settings, local_files, clamd_address, name, content
):
    settings.PREAU_CLAMD_ADDRESS = clamd_address
    teacher = make_teacher(school_class)
    with pytest.raises(VirusFound) as refused:
        services.store(teacher, upload(name, content), service="documents")
    assert refused.value.code == "virus_found"
    assert stored_blobs(local_files) == [] and not StoredFile.objects.exists()
    assert Quota.objects.filter(user=teacher, used_bytes__gt=0).count() == 0


def test_a_clean_file_passes_the_same_clamd(school_class, settings, local_files, clamd_address):
    settings.PREAU_CLAMD_ADDRESS = clamd_address
    teacher = make_teacher(school_class)
    clean = services.store(teacher, upload("ok.txt", b"rien de dangereux"), service="documents")
    assert clean.content_type == "text/plain"
    assert len(stored_blobs(local_files)) == 1


def test_an_unreachable_clamd_refuses_rather_than_lets_through(school_class, settings, tmp_path):
    settings.PREAU_CLAMD_ADDRESS = str(tmp_path / "no-clamd.sock")
    teacher = make_teacher(school_class)
    with pytest.raises(ScanUnavailable) as refused:
        services.store(teacher, upload("ok.txt", b"bonjour"), service="documents")
    assert refused.value.status == 503
    assert not StoredFile.objects.exists()
