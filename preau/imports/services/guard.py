"""The safety guard of full imports: refuse to make too many people absent at once.

A truncated ONDE export (one class missing, the responsables of another school) or a half-empty
AAF Complet file would otherwise mark hundreds of people as leavers, and never-activated leavers
are deleted at once. Past `PREAU_IMPORT_MAX_ABSENT_PERCENT` of the school's current people, a
full import is refused unless forced (`--force`, or the web form's checkbox). A handful of
departures (`PREAU_IMPORT_ABSENT_FLOOR`) is never refused: in a very small school a few leavers
already make a large share."""

from __future__ import annotations

from django.conf import settings

from preau.imports.report import TooManyDepartures
from preau.imports.services.run import Run


def max_absent_percent() -> int:
    return int(getattr(settings, "PREAU_IMPORT_MAX_ABSENT_PERCENT", 20))


def absent_floor() -> int:
    return int(getattr(settings, "PREAU_IMPORT_ABSENT_FLOOR", 10))


def check_departures(run: Run, absent: int, current: int) -> None:
    """Record the departures past the threshold; raise unless forced or a dry run."""
    threshold = max_absent_percent()
    if absent <= absent_floor() or absent * 100 <= threshold * current:
        return
    run.report.departures = {"absent": absent, "current": current, "threshold": threshold}
    if run.force:
        return
    refused = TooManyDepartures(absent, current, threshold)
    if not run.dry_run:
        raise refused
    run.report.warnings.append(
        {"file": "", "line": 0, "column": "", "message": refused.message, "kind": refused.code}
    )
