"""Who reads and who writes actualités.

- Read: a published, unexpired item, by the people of its schools it targets: families
  (responsables and pupils of the school) and/or staff (teachers, personnel, the school's
  managers). Its author always.
- Write: the school's managers (directeur, admin_local) for their school; a collectivité's
  administrators for the schools of their collectivité.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from preau.directory.models import FunctionAssignment, Profile, ProfileAssignment, School
from preau.directory.policies import Scope, get_scope
from preau.news.models import NewsItem

FAMILY_PROFILES = (Profile.RESPONSABLE, Profile.ELEVE)
STAFF_PROFILES = (Profile.ENSEIGNANT, Profile.PERSONNEL)


@dataclass(frozen=True)
class NewsScope:
    school_ids: frozenset[int]  # schools the person writes for as a manager
    collectivite_ids: frozenset[int]  # collectivités the person administers

    @property
    def any(self) -> bool:
        return bool(self.school_ids or self.collectivite_ids)


def write_scope(user: Any, scope: Scope | None = None) -> NewsScope:
    scope = scope or get_scope(user)
    return NewsScope(scope.managed_school_ids, scope.collectivite_admin_ids)


def writable_schools(news_scope: NewsScope) -> QuerySet[School]:
    return School.objects.filter(
        Q(pk__in=news_scope.school_ids) | Q(collectivite_id__in=news_scope.collectivite_ids)
    ).order_by("name")


def published_q(now: Any = None) -> Q:
    now = now or timezone.now()
    return Q(publish_at__lte=now) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def visible_to(user: Any) -> QuerySet[NewsItem]:
    """Published items addressed to the person, and their own: one query."""
    if not getattr(user, "is_authenticated", False):
        return NewsItem.objects.none()
    held = ProfileAssignment.objects.filter(user_id=user.pk)
    family = held.filter(profile__in=FAMILY_PROFILES).values("school_id")
    staff = held.filter(profile__in=STAFF_PROFILES).values("school_id")
    managed = FunctionAssignment.objects.filter(user_id=user.pk, school__isnull=False).values(
        "school_id"
    )
    through = NewsItem.schools.through.objects.filter(newsitem_id=OuterRef("pk"))
    addressed = (
        Q(for_families=True) & Exists(through.filter(school_id__in=family))
        | Q(for_staff=True) & Exists(through.filter(school_id__in=staff))
        | Q(for_staff=True) & Exists(through.filter(school_id__in=managed))
    )
    return NewsItem.objects.filter((published_q() & addressed) | Q(author_id=user.pk))


def get_abilities(user: Any, obj: Any) -> dict[str, bool]:
    if isinstance(obj, NewsScope):
        return {"write": obj.any}
    if isinstance(obj, NewsItem):
        return {"edit": getattr(user, "pk", None) == obj.author_id}
    raise TypeError(f"No news policy for {type(obj).__name__}")
