"""Who may import into a school and take its directory away: its managers (director, local
admin) and the académie admins over it — the directory's `manage` ability."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from preau.directory import policies as directory_policies
from preau.directory.models import School
from preau.imports.models import ImportJob

ACTIONS = ("import", "export")


def get_abilities(user: Any, school: School) -> dict[str, bool]:
    return school_abilities(directory_policies.get_scope(user), school)


def school_abilities(scope: directory_policies.Scope, school: School) -> dict[str, bool]:
    """The same answer from a scope already loaded (a page asking several policies)."""
    manage = directory_policies.school_abilities(scope, school)["manage"]
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


def job_abilities(user: Any, job: ImportJob) -> dict[str, bool]:
    """A web import is seen, confirmed and cancelled by whoever may import into its school."""
    allowed = get_abilities(user, job.school)["import"]
    pending = job.status == ImportJob.Status.PREVIEW
    return {"view": allowed, "confirm": allowed and pending, "cancel": allowed and pending}
