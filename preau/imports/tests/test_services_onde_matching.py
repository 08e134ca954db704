"""Who is who across imports: twins, homonyms, moves, parents shared by two schools."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from preau.core.errors import PermissionDenied
from preau.directory.factories import SchoolFactory
from preau.directory.models import ClassMembership, ParentLink
from preau.imports.models import Absence
from preau.imports.services import import_onde, mark_absent
from preau.imports.tests.conftest import parent, pupil, small_files, teacher
from preau.lifecycle.models import AccountState

pytestmark = pytest.mark.django_db
User = get_user_model()
KLASS = "CE1-CE2 Mme Roux"


def test_twins_and_homonym_mothers_stay_separate_people(school: Any) -> None:
    pupils = [
        pupil("MARTIN", "Léa", "12/03/2018", "CE1", KLASS),
        pupil("MARTIN", "Louise", "12/03/2018", "CE1", KLASS),  # twin sister
        pupil("PETIT", "Noé", "05/05/2017", "CE2", KLASS),
    ]
    parents = [
        parent("MARTIN", "Claire", "", ("MARTIN", "Léa", KLASS), ("MARTIN", "Louise", KLASS)),
        parent("MARTIN", "Claire", "", ("PETIT", "Noé", KLASS)),  # another Claire Martin
    ]
    files = small_files(pupils=pupils, parents=parents)

    first = import_onde(None, school, files, school_year=2025)
    again = import_onde(None, school, files, school_year=2025)

    claires = User.objects.filter(first_name="Claire", last_name="MARTIN").order_by("login")
    assert [c.login for c in claires] == ["claire.martin", "claire.martin2"]
    kids = {
        c.login: set(c.child_links.values_list("child__first_name", flat=True)) for c in claires
    }
    assert kids == {"claire.martin": {"Léa", "Louise"}, "claire.martin2": {"Noé"}}
    assert first.created["eleve"] == 3
    assert again.unchanged == 6 and again.updated == 0


def test_a_new_parent_with_an_existing_parents_name_is_created_and_flagged(school: Any) -> None:
    import_onde(None, school, small_files(), school_year=2025)
    pupils = [
        pupil("MARTIN", "Léa", "12/03/2018", "CE1", KLASS),
        pupil("MARTIN", "Hugo", "02/09/2016", "CE2", KLASS),
        pupil("BLANC", "Tom", "01/01/2017", "CE2", KLASS),
    ]
    parents = [
        *small_files()["responsables"][1].decode("cp1252").splitlines()[1:],
        parent("DURAND", "Paul", "", ("BLANC", "Tom", KLASS)),  # same name, other child
    ]
    report = import_onde(
        None, school, small_files(pupils=pupils, parents=parents), school_year=2025
    )

    assert report.created["responsable"] == 1
    assert User.objects.filter(first_name="Paul", last_name="DURAND").count() == 2
    assert [a["kind"] for a in report.ambiguous] == ["possible_duplicate"]


def test_a_pupil_moving_to_another_school_keeps_the_account(school: Any) -> None:
    import_onde(None, school, small_files(), school_year=2025)
    lea = User.objects.get(login="lea.martin")
    other = SchoolFactory.create()
    files = small_files(
        pupils=[pupil("Martin", "Léa", "12/03/2018", "CE2", "CE2 B")],
        parents=[
            parent("MARTIN", "Claire", "claire.martin@example.org", ("MARTIN", "Léa", "CE2 B"))
        ],
        teachers=[teacher("ROUX", "Anne", "anne.roux@ac-nantes.example", "CE2 B")],
    )

    report = import_onde(None, other, files, school_year=2025)

    assert report.created == {"eleve": 0, "responsable": 0, "enseignant": 0}
    assert ClassMembership.objects.get(user=lea, school_class__school=other).level == "CE2"
    assert User.objects.filter(first_name="Claire").count() == 1  # same parent in two schools
    assert User.objects.filter(first_name="Anne").count() == 1


def test_two_identical_pupils_already_known_are_reported_not_guessed(school: Any) -> None:
    twins = [
        pupil("MARTIN", "Léa", "12/03/2018", "CE1", "CE1 A"),
        pupil("MARTIN", "Léa", "12/03/2018", "CE1", "CE1 B"),
    ]
    parents = [parent("MARTIN", "Claire", "c@example.org", ("MARTIN", "Léa", "CE1 A"))]
    import_onde(None, school, small_files(pupils=twins, parents=parents), school_year=2025)
    # next year both are in the same class label: nothing tells them apart
    same = [
        pupil("MARTIN", "Léa", "12/03/2018", "CE2", "CE2 A", usage="X"),
        pupil("MARTIN", "Léa", "12/03/2018", "CE2", "CE2 A", usage="Y"),
    ]

    parents = [parent("MARTIN", "Claire", "c@example.org", ("MARTIN", "Léa", "CE2 A"))]
    report = import_onde(None, school, small_files(pupils=same, parents=parents), school_year=2026)

    kinds = [a["kind"] for a in report.ambiguous]
    assert kinds.count("ambiguous_match") == 2
    assert report.created["eleve"] == 0 and report.left == 0
    assert User.objects.filter(first_name="Léa").count() == 2


def test_moves_and_departures_and_returns_are_counted(school: Any) -> None:
    import_onde(None, school, small_files(), school_year=2025)
    User.objects.update(activated_at=timezone.now())
    moved = small_files(
        pupils=[pupil("MARTIN", "Léa", "12/03/2018", "CE1", "CE1 Mme Blanc")],
        parents=[parent("MARTIN", "Claire", "claire.martin@example.org", ("MARTIN", "Léa", ""))],
    )

    report = import_onde(None, school, moved, school_year=2025)

    assert (report.moved, report.left) == (1, 2)  # Léa moved; Hugo and Paul Durand left
    lea = User.objects.get(login="lea.martin")
    assert list(
        ClassMembership.objects.filter(user=lea, ended_at__isnull=True).values_list(
            "school_class__name", flat=True
        )
    ) == ["CE1 Mme Blanc"]
    assert set(Absence.objects.values_list("user__login", flat=True)) == {
        "hugo.martin",
        "paul.durand",
    }
    absent_accounts = AccountState.objects.filter(state=AccountState.State.ABSENT)
    assert {"hugo.martin", "paul.durand"} <= set(
        absent_accounts.values_list("user__login", flat=True)
    )
    back = import_onde(None, school, small_files(), school_year=2025)
    assert back.moved == 1 and back.updated >= 2 and back.left == 0
    assert not Absence.objects.exists()
    assert not AccountState.objects.filter(user__login__in=["hugo.martin", "paul.durand"]).exists()


def test_never_activated_leavers_are_removed_at_once(school: Any) -> None:
    import_onde(None, school, small_files(), school_year=2025)
    only_lea = small_files(
        pupils=[pupil("MARTIN", "Léa", "12/03/2018", "CE1", "CE1 Mme Blanc")],
        parents=[parent("MARTIN", "Claire", "claire.martin@example.org", ("MARTIN", "Léa", ""))],
    )

    report = import_onde(None, school, only_lea, school_year=2025)

    assert report.left == 2
    assert not User.objects.filter(login__in=["hugo.martin", "paul.durand"]).exists()
    assert User.objects.filter(login="lea.martin").exists()


def test_dry_run_reports_the_same_figures_and_writes_nothing(school: Any) -> None:
    dry = import_onde(None, school, small_files(), school_year=2025, dry_run=True)
    assert User.objects.count() == 0 and not ParentLink.objects.exists()

    real = import_onde(None, school, small_files(), school_year=2025)

    assert dry.created == real.created == {"eleve": 2, "responsable": 2, "enseignant": 1}
    assert dry.dry_run and not real.dry_run


def test_logins_stay_stable_when_a_name_is_corrected(school: Any) -> None:
    import_onde(None, school, small_files(), school_year=2025)
    fixed = small_files()
    name, data = fixed["enseignants"]
    fixed["enseignants"] = (name, data.replace("ROUX;Anne".encode("cp1252"), b"ROUX;Anne-Marie"))

    report = import_onde(None, school, fixed, school_year=2025)

    anne = User.objects.get(email="anne.roux@ac-nantes.example")
    assert (anne.login, anne.first_name, report.updated) == ("anne.roux", "Anne-Marie", 1)


def test_mark_absent_is_idempotent_and_checks_the_actor(school: Any, user_factory: Any) -> None:
    person = user_factory.create(activated_at=timezone.now())
    when = timezone.now()

    first = mark_absent(None, person, school, when)
    second = mark_absent(None, person, school, when)

    assert first.pk == second.pk
    assert AccountState.objects.get(user=person).state == AccountState.State.ABSENT
    with pytest.raises(PermissionDenied):
        mark_absent(user_factory.create(), person, school, when)
