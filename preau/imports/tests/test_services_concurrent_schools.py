"""Two schools imported at the same moment, as two task workers run two directors' confirmed
imports (ADR 0066): the second waits for the first's logins and circonscription group instead of
failing on the unique login or missing the first school's teachers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from preau.directory.factories import SchoolFactory
from preau.directory.models import Group, Profile
from preau.imports.services import import_onde
from preau.imports.services.onde_import import STEPS
from preau.imports.tests.conftest import parent, pupil, small_files, teacher

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite holds the whole database for each writing transaction",
    ),
]
WAIT = 10  # seconds before a stuck test gives up


def people(last: str, birth: str) -> dict[str, tuple[str, bytes]]:
    """A pupil, her mother and her teacher; two schools given the same `last` name have
    namesakes (born on another day, so not the same pupil moving school)."""
    return small_files(
        pupils=[pupil(last, "Léa", birth, "CE1", "CE1 A")],
        parents=[parent(last, "Claire", "", (last, "Léa", "CE1 A"))],
        teachers=[teacher(f"{last}-ROUX", "Anne", "", "CE1 A")],
    )


def in_thread(target: Callable[[], Any], results: dict[str, Any], name: str) -> threading.Thread:
    def run() -> None:
        try:
            results[name] = target()
        except Exception as exc:  # reported by the test's assertion
            results[name] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


@pytest.mark.parametrize(
    ("second_name", "first_holds_at", "second_logins"),
    [
        # namesakes: the second waits for the first's logins, then numbers its own
        ("MARTIN", 2, ["anne.martinroux2", "claire.martin2", "lea.martin2"]),
        # no namesake: the second waits for the circonscription's teachers' group only
        ("BERNARD", STEPS, ["anne.bernardroux", "claire.bernard", "lea.bernard"]),
    ],
)
def test_a_second_school_waits_for_what_the_first_is_writing(
    second_name: str, first_holds_at: int, second_logins: list[str]
) -> None:
    first_school = SchoolFactory.create()
    second_school = SchoolFactory.create(circonscription=first_school.circonscription)
    first_wrote, release = threading.Event(), threading.Event()

    def hold_before_commit(step: int, total: int) -> None:
        if step == first_holds_at:  # written, not yet committed
            first_wrote.set()
            release.wait(WAIT)

    results: dict[str, Any] = {}
    first = in_thread(
        lambda: import_onde(
            None,
            first_school,
            people("MARTIN", "12/03/2018"),
            school_year=2025,
            progress=hold_before_commit,
        ),
        results,
        "first",
    )
    assert first_wrote.wait(WAIT)
    second_files = people(second_name, "05/09/2018")
    second = in_thread(
        lambda: import_onde(None, second_school, second_files, school_year=2025),
        results,
        "second",
    )
    second.join(1)
    assert second.is_alive(), "the second school must wait for the first one's commit"
    assert "second" not in results
    release.set()
    first.join(WAIT)
    second.join(WAIT)

    assert not isinstance(results["first"], Exception), results["first"]
    assert not isinstance(results["second"], Exception), results["second"]
    assert results["second"].created == {"eleve": 1, "responsable": 1, "enseignant": 1}
    logins = second_school.profile_assignments.values_list("user__login", flat=True)
    assert sorted(logins) == second_logins
    teachers_group = Group.objects.get(
        kind=Group.Kind.CIRCONSCRIPTION_TEACHERS, circonscription=first_school.circonscription
    )
    assert teachers_group.members.count() == 2
    assert teachers_group.profile == Profile.ENSEIGNANT
