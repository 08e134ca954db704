"""Who may import into a school and take its directory away: its managers (director, local
admin) and the académie admins over it — the directory's `manage` ability."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from preau.directory import policies as directory_policies
from preau.directory.models import School

ACTIONS = ("import", "export")


def get_abilities(user: Any, school: School) -> dict[str, bool]:
    manage = directory_policies.get_abilities(user, school).get("manage", False)
    return dict.fromkeys(ACTIONS, manage)


def visible_to(user: Any) -> QuerySet[School]:
    """Schools the person may import into."""
    scope = directory_policies.get_scope(user)
    if scope.is_operator:
        return School.objects.all()
    if scope.user_id is None:
        return School.objects.none()
    return School.objects.filter(
        Q(id__in=scope.managed_school_ids)
        | Q(circonscription__departement__academie_id__in=scope.academie_ids)
        | Q(circonscription__departement_id__in=scope.departement_ids)
    )
