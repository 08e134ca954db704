"""Everything the rules need about a sender, read in a fixed number of queries (5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from preau.communication.catalogue import CYCLE_1_LEVELS, DEFAULTS, TOGGLES_BY_CODE
from preau.communication.models import CommunicationRule
from preau.directory.models import (
    ClassMembership,
    Function,
    FunctionAssignment,
    ParentLink,
    Profile,
    ProfileAssignment,
)
from preau.directory.schoolyear import current_school_year


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
    ctx = SenderContext(user_id=user.pk)
    _load_profiles(ctx)
    _load_functions(ctx)
    _load_links(ctx)
    _load_classes(ctx)
    _load_rules(ctx)
    return ctx


PLACE = ("school__circonscription_id", "school__collectivite_id", "school__rpi_id")


def _load_profiles(ctx: SenderContext) -> None:
    rows = ProfileAssignment.objects.filter(user_id=ctx.user_id).values_list(
        "profile", "school_id", "circonscription_id", "collectivite_id", *PLACE
    )
    for profile, school_id, circ_id, coll_id, *place in rows:
        if school_id is not None:
            ctx.profiles.add((profile, school_id))
            ctx.schools[school_id] = SchoolPlace(*place)
        elif profile == Profile.INSPECTION:
            ctx.inspection_circonscriptions.add(circ_id)
        elif profile == Profile.COLLECTIVITE:
            ctx.collectivites.add(coll_id)


def _load_functions(ctx: SenderContext) -> None:
    rows = FunctionAssignment.objects.filter(user_id=ctx.user_id).values_list(
        "function", "school_id", "academie_id", *PLACE
    )
    for function, school_id, academie_id, *place in rows:
        if function == Function.ADMIN_ACADEMIQUE and academie_id is not None:
            ctx.academies.add(academie_id)
        elif school_id is not None:
            ctx.functions.add((function, school_id))
            ctx.schools[school_id] = SchoolPlace(*place)


def _load_links(ctx: SenderContext) -> None:
    rows = ParentLink.objects.filter(
        Q(parent_id=ctx.user_id) | Q(child_id=ctx.user_id), parental_authority=True
    ).values_list("parent_id", "child_id")
    for parent_id, child_id in rows:
        if parent_id == ctx.user_id:
            ctx.child_ids.add(child_id)
        else:
            ctx.parent_ids.add(parent_id)


def _load_classes(ctx: SenderContext) -> None:
    rows = ClassMembership.objects.filter(
        Q(user_id=ctx.user_id)
        | Q(user_id__in=list(ctx.child_ids), role=ClassMembership.Role.ELEVE),
        ended_at__isnull=True,
        school_class__school_year=current_school_year(),
        school_class__archived_at__isnull=True,
    ).values_list(
        "user_id",
        "school_class_id",
        "role",
        "level",
        "school_class__school_id",
        *(f"school_class__{field}" for field in PLACE),
    )
    for user_id, class_id, role, level, school_id, *place in rows:
        ctx.schools[school_id] = SchoolPlace(*place)
        if user_id == ctx.user_id:
            ctx.own_classes.add((class_id, role, school_id))
            if role == ClassMembership.Role.ELEVE:
                ctx.own_pupil_levels.add(level)
        else:
            ctx.children_classes.add((class_id, school_id))


def _load_rules(ctx: SenderContext) -> None:
    query = Q(school_id__in=list(ctx.schools))
    if ctx.collectivites:
        query |= Q(school__collectivite_id__in=list(ctx.collectivites), school_class__isnull=True)
    rows = CommunicationRule.objects.filter(query).values_list(
        "school_id", "school_class_id", "code", "enabled", "school__collectivite_id"
    )
    for school_id, class_id, code, enabled, collectivite_id in rows:
        ctx.rules[(school_id, class_id, code)] = enabled
        ctx.rule_collectivites[school_id] = collectivite_id
