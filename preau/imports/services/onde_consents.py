"""ONDE import step for the droit à l'image: `Autorisations photos` → the pupil's consent flag.

Runs before `records` (which overwrites the previous row): a consent is written only where the
imported value differs from the one of the previous import, so a re-import with no change writes
nothing and a correction by the school stands until ONDE's own value changes. An empty cell never
erases a known consent."""

from __future__ import annotations

from preau.consent.models import parse_onde_value
from preau.consent.services import record_imported
from preau.imports.services.run import Run

COLUMN = "autorisationsphotos"


def photo_consents(run: Run) -> None:
    changed: dict[int, bool] = {}
    for index, uid in run.ids["eleve"].items():
        raw = run.plan.files.pupils[index].data.get(COLUMN, "")
        allowed = parse_onde_value(raw)
        if allowed is None:
            continue
        record = run.state.records.get((uid, "eleve"))
        previous = record.data.get(COLUMN, "") if record is not None else None
        if previous is not None and parse_onde_value(previous) == allowed:
            continue
        changed[uid] = allowed
    record_imported(run.state.school, changed, source=run.plan.files.source, at=run.now)
