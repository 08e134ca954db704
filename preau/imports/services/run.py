"""The state of one import run, shared by its steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from preau.imports.report import ImportReport
from preau.imports.services.plan import Plan
from preau.imports.services.state import SchoolState


class DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


@dataclass
class Run:
    state: SchoolState
    plan: Plan
    report: ImportReport
    now: Any
    actor: Any = None
    dry_run: bool = False
    force: bool = False  # accept more departures than the safety threshold
    ids: dict[str, dict[int, int]] = field(default_factory=dict)  # profile → row → user id
    created: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)
    moved: set[int] = field(default_factory=set)
    gone: list[int] = field(default_factory=list)  # marked absent by this run
    new_links: list[tuple[int, int]] = field(default_factory=list)  # (parent, child)

    def matched(self, profile: str) -> dict[int, int]:
        """Rows of `profile` matched to accounts that existed before this run."""
        return {i: uid for i, uid in self.ids[profile].items() if uid not in self.created}
