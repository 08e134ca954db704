"""Per-school absences (rules.md §8): who a school's full import no longer lists.

This records the evidence, school by school. The account's own state (absent, pre-deleted,
deleted) has one authority, `preau.lifecycle.services.lifecycle`, which import steps call once a
person is absent from every school that had them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F

from preau.core import bulkinsert
from preau.core.audit import audit
from preau.core.errors import PermissionDenied
from preau.core.sql import id_list
from preau.directory.models import ProfileAssignment, School
from preau.imports import policies
from preau.imports.models import Absence, Source
from preau.lifecycle.services import lifecycle


def mark_absent(
    actor: Any, user: Any, school: School, when: datetime.datetime, source: str = Source.ONDE
) -> Absence:
    """Mark `user` absent from `school` since `when` (kept if already absent)."""
    if actor is not None and not policies.get_abilities(actor, school)["import"]:
        raise PermissionDenied()
    with transaction.atomic():
        absence, created = Absence.objects.get_or_create(
            user=user, school=school, defaults={"since": when, "source": source}
        )
        if created:
            audit(actor, "imports.absence.marked", user, school=school.uai)
            lifecycle.mark_absent(actor, in_no_other_school(school, [user.pk]))
    return absence


def in_no_other_school(school: School, user_ids: list[int]) -> set[int]:
    """Those of `user_ids` that no other school still lists (absent there or not in it)."""
    elsewhere = set(
        ProfileAssignment.objects.filter(user_id__in=id_list(user_ids), school__isnull=False)
        .exclude(school=school)
        .exclude(school__absences__user_id=F("user_id"))
        .values_list("user_id", flat=True)
    )
    return set(user_ids) - elsewhere


def mark_many_absent(
    school: School, user_ids: Iterable[int], when: datetime.datetime, source: str
) -> int:
    """Bulk form used inside an import (already authorised, in its transaction)."""
    rows = [Absence(user_id=uid, school=school, since=when, source=source) for uid in user_ids]
    bulkinsert.insert(Absence, rows)
    return len(rows)


def clear_absences(school: School, user_ids: Iterable[int]) -> int:
    ids = list(user_ids)
    if not ids:
        return 0
    deleted, _ = Absence.objects.filter(school=school, user_id__in=id_list(ids)).delete()
    return deleted
