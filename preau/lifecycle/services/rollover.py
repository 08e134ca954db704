"""Closing a school year (rules.md §9.1): a state change, not a mass deletion.

Classes of the years before `year` are archived and their memberships ended; their class groups
are emptied; manual groups are flagged "à revoir"; accounts, profiles and links are kept.
Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from preau.core.audit import audit
from preau.core.errors import InvalidInput
from preau.directory.models import ClassMembership, Group, GroupMembership, School, SchoolClass
from preau.directory.services.groups import refresh_derived_groups


@dataclass(frozen=True)
class RolloverReport:
    schools: int
    classes_archived: int
    memberships_ended: int
    group_members_removed: int
    groups_flagged: int


def rollover_school(actor: Any, school: School, year: int) -> RolloverReport:
    """Close every year before `year` (the new school year's start year) in `school`."""
    now = timezone.now()
    with transaction.atomic():
        old = SchoolClass.objects.filter(school=school, school_year__lt=year)
        old_ids = list(old.values_list("pk", flat=True))
        archived = old.filter(archived_at__isnull=True).update(archived_at=now)
        ended = ClassMembership.objects.filter(
            school_class_id__in=old_ids, ended_at__isnull=True
        ).update(ended_at=now)
        removed, _ = GroupMembership.objects.filter(group__school_class_id__in=old_ids).delete()
        flagged = (
            Group.objects.filter(school=school, kind=Group.Kind.MANUAL, needs_review=False).update(
                needs_review=True
            )
            if archived
            else 0
        )
        refresh_derived_groups(school)
        report = RolloverReport(1, archived, ended, removed, flagged)
        if archived or ended or removed:
            audit(actor, "lifecycle.rollover", school, year=year, **report.__dict__)
    return report


def rollover(actor: Any, year: int, uai: str | None = None) -> RolloverReport:
    """Close the years before `year` in one school (`uai`) or in every school."""
    if year < 2000 or year > 2100:
        raise InvalidInput("L'année doit être l'année de début de la nouvelle année scolaire.")
    schools = School.objects.all()
    if uai:
        schools = schools.filter(uai=uai.strip().upper())
        if not schools.exists():
            raise InvalidInput(f"Aucune école n'a l'UAI {uai}.")
    totals = [0, 0, 0, 0, 0]
    for school in schools.order_by("uai"):
        report = rollover_school(actor, school, year)
        for i, value in enumerate(report.__dict__.values()):
            totals[i] += value
    return RolloverReport(*totals)
