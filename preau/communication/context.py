"""Everything the rules need about a sender, read in one statement (`context_rows`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from preau.communication.catalogue import CYCLE_1_LEVELS, DEFAULTS, TOGGLES_BY_CODE
from preau.communication.context_rows import (
    FUNCTION,
    LINK,
    MEMBERSHIP,
    PROFILE,
    RULE,
    ContextRow,
    context_rows,
)
from preau.directory.models import ClassMembership, Function, Profile


@dataclass(frozen=True)
class SchoolPlace:
    circonscription_id: int
    collectivite_id: int
    rpi_id: int | None


@dataclass
class SenderContext:
    user_id: int
    profiles: set[tuple[str, int]] = field(default_factory=set)  # (profile, school_id)
    inspection_circonscriptions: set[int] = field(default_factory=set)
    collectivites: set[int] = field(default_factory=set)  # as représentant
    functions: set[tuple[str, int]] = field(default_factory=set)  # (function, school_id)
    academies: set[int] = field(default_factory=set)
    schools: dict[int, SchoolPlace] = field(default_factory=dict)
    own_classes: set[tuple[int, str, int]] = field(default_factory=set)  # (class, role, school)
    own_pupil_levels: set[str] = field(default_factory=set)
    child_ids: set[int] = field(default_factory=set)
    children_classes: set[tuple[int, int]] = field(default_factory=set)  # (class, school)
    parent_ids: set[int] = field(default_factory=set)
    rules: dict[tuple[int, int | None, str], bool] = field(default_factory=dict)
    rule_collectivites: dict[int, int] = field(default_factory=dict)  # school → collectivité

    def has_profile(self, profile: str) -> bool:
        return any(p == profile for p, _ in self.profiles)

    def schools_with(self, profile: str) -> set[int]:
        return {s for p, s in self.profiles if p == profile}

    def schools_with_function(self, *functions: str) -> set[int]:
        return {s for f, s in self.functions if f in functions}

    @property
    def is_cycle_1_pupil(self) -> bool:
        """Pupils whose levels are all TPS–GS have no messaging (rules.md §7.3)."""
        return bool(self.own_pupil_levels) and self.own_pupil_levels <= set(CYCLE_1_LEVELS)

    def enabled(self, code: str, school_id: int, class_id: int | None = None) -> bool:
        if class_id is not None and TOGGLES_BY_CODE[code].per_class:
            override = self.rules.get((school_id, class_id, code))
            if override is not None:
                return override
        return self.rules.get((school_id, None, code), DEFAULTS[code])


def load_context(user: Any) -> SenderContext:
    """One query: the person's facts and their schools' rules in one UNION ALL (`context_rows`)."""
    ctx = SenderContext(user_id=user.pk)
    # Classes last: a child's class is only told apart once the child is known.
    for row in sorted(context_rows(user.pk), key=lambda row: row.kind == MEMBERSHIP):
        _LOADERS[row.kind](ctx, row)
    return ctx


def _place(row: ContextRow) -> SchoolPlace:
    return SchoolPlace(row.circonscription or 0, row.collectivite or 0, row.rpi)


def _load_profile(ctx: SenderContext, row: ContextRow) -> None:
    if row.school is not None:
        ctx.profiles.add((row.code, row.school))
        ctx.schools[row.school] = _place(row)
    elif row.code == Profile.INSPECTION:
        ctx.inspection_circonscriptions.add(row.first)
    elif row.code == Profile.COLLECTIVITE:
        ctx.collectivites.add(row.second)


def _load_function(ctx: SenderContext, row: ContextRow) -> None:
    if row.code == Function.ADMIN_ACADEMIQUE and row.first is not None:
        ctx.academies.add(row.first)
    elif row.school is not None:
        ctx.functions.add((row.code, row.school))
        ctx.schools[row.school] = _place(row)


def _load_link(ctx: SenderContext, row: ContextRow) -> None:
    parent_id, child_id = row.first, row.second
    if parent_id == ctx.user_id:
        ctx.child_ids.add(child_id)
    else:
        ctx.parent_ids.add(parent_id)


def _load_class(ctx: SenderContext, row: ContextRow) -> None:
    user_id, class_id, school_id = row.first, row.second, row.school
    assert school_id is not None
    ctx.schools[school_id] = _place(row)
    if user_id == ctx.user_id:
        ctx.own_classes.add((class_id, row.code, school_id))
        if row.code == ClassMembership.Role.ELEVE:
            ctx.own_pupil_levels.add(row.level or "")
    elif user_id in ctx.child_ids:
        ctx.children_classes.add((class_id, school_id))


def _load_rule(ctx: SenderContext, row: ContextRow) -> None:
    """A rule of one of the sender's schools, or of a represented collectivité's school."""
    assert row.school is not None and row.collectivite is not None
    ctx.rules[(row.school, row.second or None, row.code)] = bool(row.first)
    ctx.rule_collectivites[row.school] = row.collectivite


_LOADERS = {
    PROFILE: _load_profile,
    FUNCTION: _load_function,
    LINK: _load_link,
    MEMBERSHIP: _load_class,
    RULE: _load_rule,
}
