"""The import bench's académie phases run in worker processes (ADR 0066): every school is
imported once, the no-change re-import writes nothing, and each process's memory is counted."""

import pytest
from django.db import connection

from bench import imports
from preau.directory.models import Profile, ProfileAssignment

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench runs on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_two_workers_import_every_school_and_the_no_change_pass_writes_nothing(monkeypatch):
    monkeypatch.setattr(imports, "WORKERS", 2)

    out = imports.run(4)

    assert out["workers"] == 2
    assert out["school_0_first"]["created"] == {"eleve": 246, "responsable": 469, "enseignant": 13}
    assert out["school_0_noop"]["created"] == {"eleve": 0, "responsable": 0, "enseignant": 0}
    assert out["noop_rows_written"] == 0
    assert out["academie_rows"] > 4 * 4700 > out["one_school_rows"] > 4700
    assert len(out["workers_peak_rss_mib"]) == 2
    assert out["peak_rss_mib"] > sum(out["workers_peak_rss_mib"])
    pupils = ProfileAssignment.objects.filter(profile=Profile.ELEVE)
    assert pupils.values("school").distinct().count() == 4
    assert pupils.count() == 4 * 246
