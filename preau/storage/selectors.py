"""Reads: a person's quota category, limits and usage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from preau.directory.models import FunctionAssignment, Profile, ProfileAssignment
from preau.storage.conf import default_quota, profile_limit, service_limits
from preau.storage.models import Quota

STAFF_PROFILES = (Profile.ENSEIGNANT, Profile.PERSONNEL, Profile.INSPECTION, Profile.COLLECTIVITE)


def _staff_q(user_id: int) -> Q:
    staff_profile = ProfileAssignment.objects.filter(user_id=user_id, profile__in=STAFF_PROFILES)
    function = FunctionAssignment.objects.filter(user_id=user_id)
    return Q(is_staff=True) | Q(is_superuser=True) | Exists(staff_profile) | Exists(function)


def is_staff_person(user: Any) -> bool:
    """Staff (10 GiB by default) hold a staff profile or a function; pupils and parents do not.

    One query."""
    return get_user_model().objects.filter(pk=user.pk).filter(_staff_q(user.pk)).exists()


def max_upload_bytes(user: Any, service: str, staff: bool | None = None) -> int:
    """The largest single file `user` may store in `service`: the lower of profile and service."""
    staff = is_staff_person(user) if staff is None else staff
    limit = profile_limit(staff)
    return min(limit, service_limits().get(service, limit))


@dataclass(frozen=True)
class Usage:
    used: int
    limit: int

    @property
    def free(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.limit)) if self.limit else 100


def limit_for(user: Any, quota: Quota | None, staff: bool | None = None) -> int:
    if quota is not None and quota.limit_bytes is not None:
        return quota.limit_bytes
    return default_quota(is_staff_person(user) if staff is None else staff)


def usage_of(user: Any) -> Usage:
    """Bytes used and allowed, in one query, for the Mon compte gauge and the pages."""
    quota = Quota.objects.filter(user_id=OuterRef("pk"))
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            used=Subquery(quota.values("used_bytes")),
            own_limit=Subquery(quota.values("limit_bytes")),
            staff=ExpressionWrapper(_staff_q(user.pk), output_field=BooleanField()),
        )
        .values("used", "own_limit", "staff")
        .first()
    ) or {"used": 0, "own_limit": None, "staff": False}
    limit = row["own_limit"] if row["own_limit"] is not None else default_quota(row["staff"])
    return Usage(used=row["used"] or 0, limit=limit)


@dataclass(frozen=True)
class PersonUsage:
    user_id: int
    name: str
    usage: Usage
    own_limit: bool


def school_usages(school: Any, query: str = "", limit: int = 100) -> list[PersonUsage]:
    """People of `school` (any profile) with their storage usage, fullest first, optionally
    filtered by name (1 query). The caller has checked that the reader manages the school."""
    quota = Quota.objects.filter(user_id=OuterRef("pk"))
    staff_profile = ProfileAssignment.objects.filter(
        user_id=OuterRef("pk"), profile__in=STAFF_PROFILES
    )
    function = FunctionAssignment.objects.filter(user_id=OuterRef("pk"))
    people = get_user_model().objects.filter(
        pk__in=ProfileAssignment.objects.filter(school=school).values("user_id")
    )
    for word in query.split()[:3]:
        people = people.filter(
            Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(login__icontains=word)
        )
    rows = (
        people.annotate(
            used=Coalesce(Subquery(quota.values("used_bytes")), Value(0)),
            own_limit=Subquery(quota.values("limit_bytes")),
            staff=ExpressionWrapper(
                Q(is_staff=True) | Q(is_superuser=True) | Exists(staff_profile) | Exists(function),
                output_field=BooleanField(),
            ),
        )
        .order_by("-used", "last_name", "first_name", "pk")
        .values("pk", "first_name", "last_name", "usage_name", "used", "own_limit", "staff")
    )[:limit]
    return [
        PersonUsage(
            user_id=row["pk"],
            name=f"{(row['usage_name'] or row['last_name']).upper()} {row['first_name']}".strip(),
            usage=Usage(
                used=row["used"],
                limit=row["own_limit"]
                if row["own_limit"] is not None
                else default_quota(row["staff"]),
            ),
            own_limit=row["own_limit"] is not None,
        )
        for row in rows
    ]
