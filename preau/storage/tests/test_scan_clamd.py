"""The antivirus, against a real clamd when one is configured (PREAU_TEST_CLAMD_ADDRESS or the
Debian clamav-daemon socket); skipped with the reason otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from preau.directory.factories import make_teacher
from preau.storage import services
from preau.storage.errors import ScanUnavailable, VirusFound
from preau.storage.models import StoredFile
from preau.storage.testing import EICAR, stored_blobs, upload

DEBIAN_SOCKET = "/var/run/clamav/clamd.ctl"


def clamd_address() -> str | None:
    given = os.environ.get("PREAU_TEST_CLAMD_ADDRESS")
    if given:
        return given
    return DEBIAN_SOCKET if Path(DEBIAN_SOCKET).exists() else None


def test_eicar_is_refused_by_clamd(school_class, settings, local_files):
    address = clamd_address()
    if address is None:
        pytest.skip("no clamd here (PREAU_TEST_CLAMD_ADDRESS unset, no Debian clamd socket)")
    settings.PREAU_CLAMD_ADDRESS = address
    teacher = make_teacher(school_class)
    with pytest.raises(VirusFound) as refused:
        services.store(teacher, upload("test.txt", EICAR), service="documents")
    assert refused.value.code == "virus_found"
    assert stored_blobs(local_files) == [] and not StoredFile.objects.exists()
    clean = services.store(teacher, upload("ok.txt", b"rien de dangereux"), service="documents")
    assert clean.content_type == "text/plain"


def test_an_unreachable_clamd_refuses_rather_than_lets_through(school_class, settings, tmp_path):
    settings.PREAU_CLAMD_ADDRESS = str(tmp_path / "no-clamd.sock")
    teacher = make_teacher(school_class)
    with pytest.raises(ScanUnavailable) as refused:
        services.store(teacher, upload("ok.txt", b"bonjour"), service="documents")
    assert refused.value.status == 503
    assert not StoredFile.objects.exists()
