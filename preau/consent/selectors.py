"""Reads of the droit à l'image: who may not appear on photos, per class or per school."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, QuerySet, Subquery

from preau.consent.models import PhotoConsent
from preau.directory.models import ClassMembership, School, SchoolClass
from preau.directory.schoolyear import current_school_year


@dataclass(frozen=True)
class ConsentRow:
    pupil: Any
    class_name: str
    allowed: bool | None
    source: str
    decided_at: Any

    @property
    def label(self) -> str:
        return {True: "Oui", False: "Non"}.get(self.allowed, "Non renseigné")  # type: ignore[arg-type]


def _consent(school_id: Any, field: str) -> Subquery:
    return Subquery(
        PhotoConsent.objects.filter(pupil_id=OuterRef("pk"), school_id=school_id).values(field)[:1]
    )


def without_photo_consent(school_class: SchoolClass) -> QuerySet[Any]:
    """Current pupils of the class who refused photos or whose consent is unknown (one query).

    Each person carries `photo_allowed` (False: refused; None: not known)."""
    pupils = ClassMembership.objects.filter(
        school_class=school_class, role=ClassMembership.Role.ELEVE, ended_at__isnull=True
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=pupils)
        .annotate(photo_allowed=_consent(school_class.school_id, "allowed"))
        .filter(Q(photo_allowed=False) | Q(photo_allowed__isnull=True))
        .order_by("last_name", "first_name")
    )


def no_photo_ids(school_class: SchoolClass) -> set[int]:
    """Ids of the pupils of the class to mark "pas de photo" (one query)."""
    return set(without_photo_consent(school_class).values_list("pk", flat=True))


def school_consents(school: School) -> list[ConsentRow]:
    """This year's pupils of the school with their consent, by class then name (one query)."""
    memberships = (
        ClassMembership.objects.filter(
            school_class__school=school,
            school_class__school_year=current_school_year(),
            role=ClassMembership.Role.ELEVE,
            ended_at__isnull=True,
        )
        .select_related("user", "school_class")
        .annotate(
            photo_allowed=_member_consent(school.pk, "allowed"),
            photo_source=_member_consent(school.pk, "source"),
            photo_date=_member_consent(school.pk, "decided_at"),
        )
        .order_by("school_class__name", "user__last_name", "user__first_name")
    )
    return [
        ConsentRow(m.user, m.school_class.name, m.photo_allowed, m.photo_source, m.photo_date)
        for m in memberships
    ]


def _member_consent(school_id: int, field: str) -> Subquery:
    return Subquery(
        PhotoConsent.objects.filter(pupil_id=OuterRef("user_id"), school_id=school_id).values(
            field
        )[:1]
    )
