"""Who sees and corrects the droit à l'image.

- See a pupil's consent: the school's managers (directeur, admin_local) and the pupil's current
  teachers (the "pas de photo" marker of their class lists).
- Correct it: the school's managers only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from preau.consent.models import PhotoConsent
from preau.directory.models import ClassMembership, School
from preau.directory.policies import Scope, get_scope

SCHOOL_ACTIONS = ("view", "change")


def school_abilities(user: Any, school: School, scope: Scope | None = None) -> dict[str, bool]:
    scope = scope or get_scope(user)
    if scope.user_id is None:
        return dict.fromkeys(SCHOOL_ACTIONS, False)
    manages = scope.is_operator or school.pk in scope.managed_school_ids
    return {"view": manages, "change": manages}


def visible_to(user: Any) -> QuerySet[PhotoConsent]:
    scope = get_scope(user)
    if scope.user_id is None:
        return PhotoConsent.objects.none()
    if scope.is_operator:
        return PhotoConsent.objects.all()
    taught_pupils = ClassMembership.objects.filter(
        school_class_id__in=scope.taught_class_ids,
        role=ClassMembership.Role.ELEVE,
        ended_at__isnull=True,
    ).values("user_id")
    return PhotoConsent.objects.filter(
        Q(school_id__in=scope.managed_school_ids) | Q(pupil_id__in=taught_pupils)
    )


def get_abilities(user: Any, obj: Any) -> dict[str, bool]:
    if isinstance(obj, School):
        return school_abilities(user, obj)
    if isinstance(obj, PhotoConsent):
        return school_abilities(user, obj.school)
    raise TypeError(f"No consent policy for {type(obj).__name__}")
