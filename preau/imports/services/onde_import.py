"""Apply an ONDE import to one school, in one transaction, with set-based writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from preau.core.audit import audit
from preau.core.errors import PermissionDenied
from preau.directory.models import School
from preau.directory.schoolyear import current_school_year
from preau.directory.services import refresh_derived_groups
from preau.imports import policies
from preau.imports.onde import OndeFiles, parse_onde
from preau.imports.report import ImportReport
from preau.imports.services import onde_consents, onde_people, onde_places
from preau.imports.services.changes import describe
from preau.imports.services.plan import make_plan
from preau.imports.services.run import DryRun, Run
from preau.imports.services.state import load_state

Progress = Callable[[int, int], None]
STEPS = 8


def import_onde(
    actor: Any,
    school: School,
    files: dict[str, tuple[str, bytes]],
    *,
    school_year: int | None = None,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ONDE files (`eleves`, `responsables`, optional `enseignants` → (name, bytes)).

    Raises `ImportRejected` (nothing written) on bad input; `dry_run` computes the same report
    and rolls everything back. A full import making more than the allowed share of the school's
    people absent raises `TooManyDepartures` unless `force`."""
    if actor is not None and not policies.get_abilities(actor, school)["import"]:
        raise PermissionDenied()
    parsed = parse_onde(files)
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            options = Options(dry_run=dry_run, force=force, progress=progress)
            _run(actor, school, parsed, school_year or current_school_year(), report, options)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return report


def apply_parsed(
    actor: Any,
    school: School,
    parsed: OndeFiles,
    school_year: int | None = None,
    *,
    force: bool = False,
) -> ImportReport:
    """Apply already parsed rows (AAF feeds) inside the caller's transaction."""
    report = ImportReport()
    _run(actor, school, parsed, school_year or current_school_year(), report, Options(force=force))
    return report


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    force: bool = False
    progress: Progress | None = None


def _run(
    actor: Any,
    school: School,
    parsed: OndeFiles,
    year: int,
    report: ImportReport,
    options: Options,
) -> None:
    tick = options.progress or (lambda step, total: None)
    state = load_state(school, year, parsed.source)
    plan = make_plan(state, parsed, report)
    run = Run(state, plan, report, timezone.now(), actor, options.dry_run, options.force)
    tick(1, STEPS)
    wanted_levels = onde_people.check_classes(run)
    onde_people.create_people(run)
    tick(2, STEPS)
    onde_people.update_people(run)
    onde_places.ensure_classes(run, wanted_levels)
    tick(3, STEPS)
    onde_places.memberships(run)
    tick(4, STEPS)
    onde_places.links(run)
    onde_places.profiles(run)
    tick(5, STEPS)
    onde_consents.photo_consents(run)
    onde_places.records(run)
    onde_places.external_ids(run)
    onde_places.absences(run, teachers_given=parsed.teachers is not None)
    tick(6, STEPS)
    onde_places.director_proposals(run)
    onde_places.count(run)
    describe(run)
    if report.changed:
        refresh_derived_groups(school)
        audit(actor, f"imports.{parsed.source}.applied", school, year=year, **figures(report))
    tick(STEPS, STEPS)


def figures(report: ImportReport) -> dict[str, Any]:
    return {
        "created": report.created,
        "updated": report.updated,
        "moved": report.moved,
        "left": report.left,
        "unchanged": report.unchanged,
    }
