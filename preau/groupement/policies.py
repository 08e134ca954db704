"""Who sees and does what in the groupement (issue 9, "Who sees what").

- Operators and académie admins of the groupement's académie (the coordinator) see and manage
  every adherent, and export.
- A collectivité's representative (profile `collectivite` or function `admin_collectivite` on the
  adherent's collectivité) and the members of its mandataire see that adherent only: counts,
  documents, orders, invoices, calendar; they place orders and send the withdrawal letter.
Reading a person's groupement scope costs 3 queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from preau.directory.models import Function, FunctionAssignment, Profile, ProfileAssignment
from preau.groupement.models import Adherent, Mandataire

COORDINATOR_ACTIONS = ("view", "view_counts", "view_history", "order", "withdraw")
MANAGE_ACTIONS = ("manage", "exclude", "export")
ACTIONS = COORDINATOR_ACTIONS + MANAGE_ACTIONS


@dataclass(frozen=True)
class GroupementScope:
    is_operator: bool = False
    academie_ids: frozenset[int] = frozenset()
    collectivite_ids: frozenset[int] = frozenset()
    mandataire_ids: frozenset[int] = frozenset()

    @property
    def is_nobody(self) -> bool:
        return not (
            self.is_operator or self.academie_ids or self.collectivite_ids or self.mandataire_ids
        )


def get_scope(user: Any) -> GroupementScope:
    if user is None or not getattr(user, "is_authenticated", False):
        return GroupementScope()
    if user.is_superuser:
        return GroupementScope(is_operator=True)
    functions = list(
        FunctionAssignment.objects.filter(
            Q(function=Function.ADMIN_ACADEMIQUE, departement__isnull=True)
            | Q(function=Function.ADMIN_COLLECTIVITE),
            user=user,
        ).values_list("function", "academie_id", "collectivite_id")
    )
    represented = set(
        ProfileAssignment.objects.filter(user=user, profile=Profile.COLLECTIVITE).values_list(
            "collectivite_id", flat=True
        )
    )
    mandataires = frozenset(Mandataire.objects.filter(members=user).values_list("pk", flat=True))
    return GroupementScope(
        academie_ids=frozenset(a for f, a, _ in functions if f == Function.ADMIN_ACADEMIQUE and a),
        collectivite_ids=frozenset(
            represented | {c for f, _, c in functions if f == Function.ADMIN_COLLECTIVITE and c}
        ),
        mandataire_ids=mandataires,
    )


def _scope_filter(scope: GroupementScope) -> Q:
    return (
        Q(groupement__academie_id__in=scope.academie_ids)
        | Q(collectivite_id__in=scope.collectivite_ids)
        | Q(mandataire_id__in=scope.mandataire_ids)
    )


def visible_to(user: Any, scope: GroupementScope | None = None) -> QuerySet[Adherent]:
    scope = scope or get_scope(user)
    adherents = Adherent.objects.select_related("groupement", "mandataire", "collectivite")
    if scope.is_operator:
        return adherents.all()
    if scope.is_nobody:
        return adherents.none()
    return adherents.filter(_scope_filter(scope))


def is_coordinator(scope: GroupementScope, adherent: Adherent) -> bool:
    return scope.is_operator or adherent.groupement.academie_id in scope.academie_ids


def represents(scope: GroupementScope, adherent: Adherent) -> bool:
    return (
        adherent.collectivite_id is not None and adherent.collectivite_id in scope.collectivite_ids
    ) or (adherent.mandataire_id is not None and adherent.mandataire_id in scope.mandataire_ids)


def get_abilities(
    user: Any, adherent: Adherent, scope: GroupementScope | None = None
) -> dict[str, bool]:
    scope = scope or get_scope(user)
    coordinator = is_coordinator(scope, adherent)
    representative = represents(scope, adherent)
    abilities = dict.fromkeys(COORDINATOR_ACTIONS, coordinator or representative)
    abilities.update(dict.fromkeys(MANAGE_ACTIONS, coordinator))
    return abilities


def may_coordinate(user: Any, scope: GroupementScope | None = None) -> bool:
    """Console-wide rights (every adherent, totals, CSV export)."""
    scope = scope or get_scope(user)
    return scope.is_operator or bool(scope.academie_ids)
