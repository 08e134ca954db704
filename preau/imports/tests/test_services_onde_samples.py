"""The ONDE samples: first year, next year, re-imports (issue 3, "Done when")."""

from __future__ import annotations

from collections import defaultdict
from datetime import date as _date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from preau.accounts.models import User
from preau.directory.factories import SchoolFactory
from preau.directory.models import ClassMembership, ParentLink, SchoolClass
from preau.imports.models import Absence
from preau.imports.onde import match_key
from preau.imports.services import import_onde
from preau.imports.tests.conftest import expected, sample_files

pytestmark = pytest.mark.django_db
UAIS = ["0440001M", "0440002N"]


def date(value: str) -> _date:
    return _date.fromisoformat(value)


def logins_by_person_key(generation: str, uai: str) -> dict[str, str]:
    """Find each person of expected.json in the DB (pupils by name + birth date, teachers by
    name, responsables by name + linked children) and return their logins."""
    persons = expected(generation, uai)["persons"]
    users = list(get_user_model().objects.all())
    pupils = {(match_key(u.last_name), match_key(u.first_name), u.birth_date): u for u in users}
    by_name = defaultdict(list)
    for user in users:
        by_name[(match_key(user.last_name), match_key(user.first_name))].append(user)
    children = defaultdict(set)
    for parent_id, child_id in ParentLink.objects.values_list("parent_id", "child_id"):
        children[parent_id].add(child_id)
    found: dict[str, str] = {}
    for p in (p for p in persons if p["profile"] == "eleve"):
        key = (match_key(p["last_name"]), match_key(p["first_name"]), date(p["birth_date"]))
        found[p["person_key"]] = pupils[key].login
    pupil_ids = {u.login: u.pk for u in users}
    for p in (p for p in persons if p["profile"] != "eleve"):
        candidates = by_name[(match_key(p["last_name"]), match_key(p["first_name"]))]
        if p["profile"] == "enseignant":
            candidates = [u for u in users if u.email == p["email"]]
        if p["profile"] == "responsable":
            kids = {pupil_ids[found[k]] for k in p["children"]}
            candidates = [u for u in candidates if children[u.pk] & kids]
        assert len(candidates) == 1, p
        found[p["person_key"]] = candidates[0].login
    return found


@pytest.mark.parametrize("uai", UAIS)
def test_first_import_creates_everyone_of_expected_json(uai: str) -> None:
    school = SchoolFactory.create(uai=uai)
    want = expected("onde", uai)["counts"]

    report = import_onde(None, school, sample_files("onde", uai), school_year=2025)

    assert report.created == {
        "eleve": want["eleve"],
        "responsable": want["responsable"],
        "enseignant": want["enseignant"],
    }
    assert (report.updated, report.moved, report.left, report.unchanged) == (0, 0, 0, 0)
    assert SchoolClass.objects.filter(school=school, school_year=2025).count() == want["classes"]
    assert ParentLink.objects.count() == want["links"]
    assert report.ambiguous == []


@pytest.mark.parametrize("uai", UAIS)
def test_next_year_keeps_every_continuing_account_and_counts_arrivals_and_departures(
    uai: str,
) -> None:
    school = SchoolFactory.create(uai=uai)
    import_onde(None, school, sample_files("onde", uai), school_year=2025)
    before = logins_by_person_key("onde", uai)
    nxt = expected("onde-next-year", uai)
    previous_class = {p["person_key"]: p.get("class") for p in expected("onde", uai)["persons"]}

    report = import_onde(None, school, sample_files("onde-next-year", uai), school_year=2026)

    evolution = nxt["evolution"]
    assert report.created == {k: len(v) for k, v in evolution["new_keys"].items()}
    assert report.left == len(evolution["left"])
    continuing = [p for p in nxt["persons"] if p["status"] == "continuing"]
    moved = [
        p
        for p in continuing
        if p["profile"] == "eleve" and p["class"] != previous_class[p["person_key"]]
    ]
    assert report.moved == len(moved)
    assert report.updated + report.unchanged + report.moved == len(continuing)
    after = logins_by_person_key("onde-next-year", uai)
    assert {k: after[k] for k in (p["person_key"] for p in continuing)} == {
        p["person_key"]: before[p["person_key"]] for p in continuing
    }
    left_logins = {before[p["person_key"]] for p in evolution["left"]}
    # Sample accounts were never activated: leavers are removed at once (rules.md §8).
    assert not User.objects.filter(login__in=left_logins).exists()
    assert not Absence.objects.filter(school=school).exists()


@pytest.mark.parametrize("generation", ["onde", "onde-next-year"])
def test_importing_the_same_files_again_changes_nothing(generation: str) -> None:
    school = SchoolFactory.create(uai="0440002N")
    year = 2025 if generation == "onde" else 2026
    first = import_onde(None, school, sample_files(generation, "0440002N"), school_year=year)
    snapshot = _snapshot()

    again = import_onde(None, school, sample_files(generation, "0440002N"), school_year=year)

    assert again.created == {"eleve": 0, "responsable": 0, "enseignant": 0}
    assert (again.updated, again.moved, again.left) == (0, 0, 0)
    assert again.unchanged == sum(first.created.values())
    assert _snapshot() == snapshot


def test_no_change_reimport_runs_a_fixed_number_of_queries(
    onde_school: Any, django_assert_num_queries: Any
) -> None:
    files = sample_files("onde", "0440001M")
    import_onde(None, onde_school, files, school_year=2025)

    with django_assert_num_queries(9):
        report = import_onde(None, onde_school, files, school_year=2025)

    assert report.unchanged == 726


def _snapshot() -> dict[str, Any]:
    user_model = get_user_model()
    return {
        "users": list(
            user_model.objects.order_by("pk").values_list(
                "login", "first_name", "last_name", "email"
            )
        ),
        "memberships": list(
            ClassMembership.objects.order_by("pk").values_list(
                "user_id", "school_class_id", "level", "ended_at"
            )
        ),
        "links": ParentLink.objects.count(),
    }
