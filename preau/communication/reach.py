"""Whom a sender reaches: rules.md §7.3 turned into sets of ids, then into one SQL filter.

`compute_reach(ctx)` is pure Python over a `SenderContext`; `people_filter(reach)` and
`groups_filter(reach)` turn it into indexed semi-joins (`id IN (SELECT user_id FROM …)`), so
one query answers "may A write to B" or "whom may A write to", whatever the size of the school.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from preau.communication import catalogue as c
from preau.communication.context import SenderContext
from preau.directory.audiences import live_holder_q
from preau.directory.models import (
    COMPUTED_KINDS,
    ClassMembership,
    Function,
    FunctionAssignment,
    Group,
    GroupMembership,
    ParentLink,
    Profile,
    ProfileAssignment,
)
from preau.directory.schoolyear import current_school_year

SCHOOL_WIDE = (
    Profile.ELEVE,
    Profile.RESPONSABLE,
    Profile.ENSEIGNANT,
    Profile.PERSONNEL,
    Profile.INVITE,
)
ROLE_OF = {
    Profile.ELEVE: ClassMembership.Role.ELEVE,
    Profile.ENSEIGNANT: ClassMembership.Role.ENSEIGNANT,
    Profile.PERSONNEL: ClassMembership.Role.PERSONNEL,
}


@dataclass
class Reach:
    user_id: int
    academies: set[int] = field(default_factory=set)
    class_profiles: set[tuple[int, str]] = field(default_factory=set)  # (class, profile)
    school_profiles: set[tuple[int, str]] = field(default_factory=set)  # (school, profile)
    director_schools: set[int] = field(default_factory=set)
    circonscription_directors: set[int] = field(default_factory=set)
    rpi_directors: set[int] = field(default_factory=set)
    collectivite_directors: set[int] = field(default_factory=set)
    circonscription_teachers: set[int] = field(default_factory=set)
    inspection: set[int] = field(default_factory=set)  # circonscriptions
    representatives: set[int] = field(default_factory=set)  # collectivités
    users: set[int] = field(default_factory=set)

    def school(self, school_id: int, *profiles: str) -> None:
        self.school_profiles.update((school_id, p) for p in profiles)

    def klass(self, class_id: int, *profiles: str) -> None:
        self.class_profiles.update((class_id, p) for p in profiles)


def compute_reach(ctx: SenderContext) -> Reach:
    reach = Reach(user_id=ctx.user_id, academies=set(ctx.academies))
    if ctx.has_profile(Profile.ELEVE):
        _pupil(ctx, reach)
    if ctx.child_ids:
        _parent(ctx, reach)
    _teacher(ctx, reach)
    _director(ctx, reach)
    _personnel_and_guests(ctx, reach)
    for circonscription_id in ctx.inspection_circonscriptions:
        reach.circonscription_teachers.add(circonscription_id)
        reach.circonscription_directors.add(circonscription_id)
        reach.inspection.add(circonscription_id)
    _representative(ctx, reach)
    return reach


def _pupil(ctx: SenderContext, reach: Reach) -> None:
    if ctx.is_cycle_1_pupil:
        return
    reach.users |= ctx.parent_ids
    for class_id, role, school_id in ctx.own_classes:
        if role != ClassMembership.Role.ELEVE:
            continue
        reach.klass(class_id, Profile.ELEVE, Profile.ENSEIGNANT, Profile.PERSONNEL)
        if ctx.enabled(c.PUPILS_TO_DIRECTOR, school_id, class_id):
            reach.director_schools.add(school_id)
        if ctx.enabled(c.PARENTS_TO_PUPILS, school_id, class_id):
            reach.klass(class_id, Profile.RESPONSABLE)


def _parent(ctx: SenderContext, reach: Reach) -> None:
    reach.users |= ctx.child_ids
    for class_id, school_id in ctx.children_classes:
        reach.klass(class_id, Profile.ENSEIGNANT)
        reach.director_schools.add(school_id)
        for code, profile in (
            (c.PARENTS_TO_PARENTS, Profile.RESPONSABLE),
            (c.PARENTS_TO_PUPILS, Profile.ELEVE),
            (c.PARENTS_TO_PERSONNEL, Profile.PERSONNEL),
        ):
            if ctx.enabled(code, school_id, class_id):
                reach.klass(class_id, profile)


def _teacher(ctx: SenderContext, reach: Reach) -> None:
    for school_id in ctx.schools_with(Profile.ENSEIGNANT):
        place = ctx.schools[school_id]
        reach.school(school_id, Profile.ELEVE, Profile.ENSEIGNANT, Profile.PERSONNEL)
        reach.school(school_id, Profile.INVITE)
        reach.director_schools.add(school_id)
        reach.inspection.add(place.circonscription_id)
        if ctx.enabled(c.TEACHERS_OWN_PARENTS_ONLY, school_id):
            for class_id, role, class_school in ctx.own_classes:
                if class_school == school_id and role == ClassMembership.Role.ENSEIGNANT:
                    reach.klass(class_id, Profile.RESPONSABLE)
        else:
            reach.school(school_id, Profile.RESPONSABLE)
        if ctx.enabled(c.COLLECTIVITE_TO_TEACHERS, school_id):
            reach.representatives.add(place.collectivite_id)


def _director(ctx: SenderContext, reach: Reach) -> None:
    for school_id in ctx.schools_with_function(Function.DIRECTEUR, Function.ADMIN_LOCAL):
        reach.school(school_id, *SCHOOL_WIDE)
        reach.director_schools.add(school_id)
    for school_id in ctx.schools_with_function(Function.DIRECTEUR):
        place = ctx.schools[school_id]
        reach.inspection.add(place.circonscription_id)
        reach.representatives.add(place.collectivite_id)
        if ctx.enabled(c.DIRECTORS_TO_DIRECTORS, school_id):
            reach.circonscription_directors.add(place.circonscription_id)
            if place.rpi_id is not None:
                reach.rpi_directors.add(place.rpi_id)


def _personnel_and_guests(ctx: SenderContext, reach: Reach) -> None:
    for school_id in ctx.schools_with(Profile.PERSONNEL):
        reach.school(school_id, Profile.ENSEIGNANT, Profile.PERSONNEL)
        reach.director_schools.add(school_id)
    for class_id, role, school_id in ctx.own_classes:
        if role != ClassMembership.Role.PERSONNEL:
            continue
        if ctx.enabled(c.PARENTS_TO_PERSONNEL, school_id, class_id):
            reach.klass(class_id, Profile.RESPONSABLE)
        if ctx.enabled(c.PERSONNEL_TO_PUPILS, school_id, class_id):
            reach.klass(class_id, Profile.ELEVE)
    for school_id in ctx.schools_with(Profile.INVITE):
        reach.school(school_id, Profile.ENSEIGNANT)
        reach.director_schools.add(school_id)
        if ctx.enabled(c.GUESTS_TO_FAMILIES, school_id):
            reach.school(school_id, Profile.ELEVE, Profile.RESPONSABLE)


def _representative(ctx: SenderContext, reach: Reach) -> None:
    for collectivite_id in ctx.collectivites:
        reach.collectivite_directors.add(collectivite_id)
        reach.representatives.add(collectivite_id)
    for (school_id, class_id, code), enabled in ctx.rules.items():
        if (
            code == c.COLLECTIVITE_TO_TEACHERS
            and enabled
            and class_id is None
            and ctx.rule_collectivites.get(school_id) in ctx.collectivites
        ):
            reach.school(school_id, Profile.ENSEIGNANT)


# --- SQL -------------------------------------------------------------------------------------


def _grouped(pairs: set[tuple[int, str]]) -> dict[str, list[int]]:
    by_profile: dict[str, list[int]] = defaultdict(list)
    for object_id, profile in sorted(pairs):
        by_profile[profile].append(object_id)
    return by_profile


def _any(conditions: list[Q]) -> Q | None:
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def _class_members(reach: Reach) -> list[QuerySet]:
    by_profile = _grouped(reach.class_profiles)
    out: list[QuerySet] = []
    current = ClassMembership.objects.filter(ended_at__isnull=True)
    roles = _any(
        [
            Q(school_class_id__in=ids, role=ROLE_OF[Profile(p)])
            for p, ids in by_profile.items()
            if p in ROLE_OF
        ]
    )
    if roles is not None:
        out.append(current.filter(roles).values("user_id"))
    if Profile.RESPONSABLE in by_profile:
        pupils = current.filter(
            school_class_id__in=by_profile[Profile.RESPONSABLE], role=ClassMembership.Role.ELEVE
        )
        parents = ParentLink.objects.filter(
            parental_authority=True, child_id__in=pupils.values("user_id")
        )
        out.append(parents.values("parent_id"))
    return out


def _profile_holders(reach: Reach) -> list[QuerySet]:
    conditions = [
        Q(school_id__in=ids, profile=p) for p, ids in _grouped(reach.school_profiles).items()
    ]
    if reach.circonscription_teachers:
        conditions.append(
            Q(
                profile=Profile.ENSEIGNANT,
                school__circonscription_id__in=sorted(reach.circonscription_teachers),
            )
        )
    if reach.inspection:
        conditions.append(
            Q(profile=Profile.INSPECTION, circonscription_id__in=sorted(reach.inspection))
        )
    if reach.representatives:
        conditions.append(
            Q(profile=Profile.COLLECTIVITE, collectivite_id__in=sorted(reach.representatives))
        )
    if reach.academies:
        ids = sorted(reach.academies)
        conditions += [
            Q(school__circonscription__departement__academie_id__in=ids),
            Q(circonscription__departement__academie_id__in=ids),
            Q(collectivite__academie_id__in=ids),
        ]
    # One UNION branch per condition, not one OR: an OR across joined tables makes PostgreSQL
    # scan every profile of the académie (143 ms for an inspector at full scale, bench S6).
    return [ProfileAssignment.objects.filter(c).values("user_id") for c in conditions]


def _directors(reach: Reach) -> list[QuerySet]:
    conditions = []
    for lookup, ids in (
        ("school_id__in", reach.director_schools),
        ("school__circonscription_id__in", reach.circonscription_directors),
        ("school__rpi_id__in", reach.rpi_directors),
        ("school__collectivite_id__in", reach.collectivite_directors),
    ):
        if ids:
            conditions.append(Q(function=Function.DIRECTEUR, **{lookup: sorted(ids)}))
    if reach.academies:
        academies = sorted(reach.academies)
        conditions += [
            Q(school__circonscription__departement__academie_id__in=academies),
            Q(academie_id__in=academies),
        ]
    return [FunctionAssignment.objects.filter(c).values("user_id") for c in conditions]


def is_cycle_1_pupil(user_ref: str) -> Exists:
    """Correlated test (indexed on the membership's user): a TPS–GS pupil this year."""
    return Exists(
        ClassMembership.objects.filter(
            user_id=OuterRef(user_ref),
            role=ClassMembership.Role.ELEVE,
            ended_at__isnull=True,
            level__in=c.CYCLE_1_LEVELS,
            school_class__school_year=current_school_year(),
        )
    )


def people_filter(reach: Reach) -> Q | None:
    """A filter on users: reached by `reach`. None when nobody is.

    One `pk IN (… UNION ALL …)` rather than an OR of `IN` subqueries: PostgreSQL then hashes the
    (small) set of reachable ids and looks users up by key, instead of walking the users' index
    and testing each row against every subquery (205 ms → a few ms for a parent, bench S6)."""
    sources = _class_members(reach) + _profile_holders(reach) + _directors(reach)
    if reach.users:
        sources.append(get_user_model().objects.filter(pk__in=sorted(reach.users)).values("pk"))
    if not sources:
        return None
    first, *rest = [source.order_by() for source in sources]  # no ORDER BY inside a UNION
    return Q(pk__in=first.union(*rest, all=True) if rest else first)


def reachable_people(reach: Reach) -> QuerySet:
    who = people_filter(reach)
    User = get_user_model()
    if who is None:
        return User.objects.none()
    return (
        User.objects.filter(who, is_active=True, blocked_at__isnull=True)
        .exclude(pk=reach.user_id)
        .exclude(is_cycle_1_pupil("pk"))
    )


def groups_filter(reach: Reach) -> Q | None:
    """Groups the sender may write to as such (broadcast)."""
    year = current_school_year()
    conditions = []
    for profile, ids in _grouped(reach.class_profiles).items():
        conditions.append(
            Q(kind=Group.Kind.CLASS_PROFILE, school_class_id__in=ids, profile=profile)
        )
    for profile, ids in _grouped(reach.school_profiles).items():
        conditions.append(Q(kind=Group.Kind.SCHOOL_PROFILE, school_id__in=ids, profile=profile))
        conditions.append(
            Q(
                kind=Group.Kind.CLASS_PROFILE,
                school_id__in=ids,
                profile=profile,
                school_class__school_year=year,
            )
        )
    if reach.circonscription_teachers:
        conditions.append(
            Q(
                kind=Group.Kind.CIRCONSCRIPTION_TEACHERS,
                circonscription_id__in=sorted(reach.circonscription_teachers),
            )
        )
    if reach.collectivite_directors:
        conditions.append(
            Q(
                kind=Group.Kind.COLLECTIVITE_DIRECTORS,
                collectivite_id__in=sorted(reach.collectivite_directors),
            )
        )
    if reach.academies:
        ids = sorted(reach.academies)
        # Every group of the académie, its wide groups included (ADR 0048): "Parents de
        # l'académie", its circonscriptions' and collectivités' parents. Nobody else's reach
        # names a wide kind, so parents, teachers, pupils, inspectors and collectivités never
        # see them.
        conditions.append(
            Q(school__circonscription__departement__academie_id__in=ids)
            | Q(circonscription__departement__academie_id__in=ids)
            | Q(collectivite__academie_id__in=ids)
            | Q(academie_id__in=ids)
        )
    conditions.append(Q(kind=Group.Kind.MANUAL, owner_id=reach.user_id))
    return _any(conditions)


def reachable_groups(reach: Reach) -> QuerySet[Group]:
    """Broadcast groups with at least one member who may receive messages.

    Stored groups are tested on their memberships; computed (wide) groups on the profile
    holders of their schools (`directory.audiences`, ADR 0047), both as correlated EXISTS."""
    condition = groups_filter(reach)
    if condition is None:
        return Group.objects.none()
    live_members = GroupMembership.objects.filter(
        group_id=OuterRef("pk"), user__is_active=True, user__blocked_at__isnull=True
    ).exclude(is_cycle_1_pupil("user_id"))
    stored = ~Q(kind__in=COMPUTED_KINDS) & Q(Exists(live_members))
    return Group.objects.filter(condition).filter(stored | live_holder_q())
