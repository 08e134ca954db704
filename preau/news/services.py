"""Publishing actualités (school-level by the director, collectivité-level by its admins)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.core.errors import InvalidInput, PermissionDenied
from preau.core.richtext import clean_rich_text
from preau.directory.models import Group, Profile, School
from preau.directory.policies import get_scope
from preau.news import policies
from preau.news.models import NewsItem
from preau.news.selectors import retire_home_news
from preau.timeline.services import publish


def _publish_event(actor: Any, item: NewsItem, schools: list[School]) -> None:
    """The item's audience hears of it in their fil (the school-profile groups it targets)."""
    if item.publish_at > timezone.now():
        return  # scheduled: it shows on its date; no event announces it early
    profiles = ([Profile.ELEVE, Profile.RESPONSABLE] if item.for_families else []) + (
        [Profile.ENSEIGNANT, Profile.PERSONNEL] if item.for_staff else []
    )
    groups = Group.objects.filter(
        kind=Group.Kind.SCHOOL_PROFILE, school__in=schools, profile__in=profiles
    ).values_list("pk", flat=True)
    publish(
        "news.published",
        actor=actor,
        title=f"Actualité : {item.title}",
        url=reverse("news:list"),
        groups=list(groups),
    )


def _level_of(actor: Any, schools: list[School]) -> tuple[str, int | None]:
    """School level when the actor manages every school; else one collectivité they administer."""
    if actor is None:
        if len({s.collectivite_id for s in schools}) == 1 and len(schools) > 1:
            return NewsItem.Level.COLLECTIVITE, schools[0].collectivite_id
        return NewsItem.Level.SCHOOL, None
    ws = policies.write_scope(actor, get_scope(actor))
    authorize(policies, actor, "write", ws)
    if all(s.pk in ws.school_ids for s in schools):
        return NewsItem.Level.SCHOOL, None
    collectivites = {s.collectivite_id for s in schools}
    if len(collectivites) == 1 and collectivites <= ws.collectivite_ids:
        return NewsItem.Level.COLLECTIVITE, collectivites.pop()
    raise PermissionDenied("Vous ne pouvez publier que pour les écoles dont vous avez la charge.")


def publish_news(
    actor: Any,
    *,
    title: str,
    body: str,
    school_ids: Iterable[int],
    for_families: bool = True,
    for_staff: bool = True,
    publish_at: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
) -> NewsItem:
    schools = list(School.objects.filter(pk__in=set(school_ids)))
    if not schools:
        raise InvalidInput("Choisissez au moins une école.", field="schools")
    level, collectivite_id = _level_of(actor, schools)
    title, clean_body = title.strip(), clean_rich_text(body)
    if not title or not clean_body:
        raise InvalidInput("Une actualité a un titre et un texte.", field="title")
    if not (for_families or for_staff):
        raise InvalidInput("Choisissez à qui s'adresse l'actualité.", field="audience")
    publish_at = publish_at or timezone.now()
    if expires_at is not None and expires_at <= publish_at:
        raise InvalidInput("La date de retrait suit la date de publication.", field="expires_at")
    with transaction.atomic():
        item = NewsItem.objects.create(
            author=actor,
            level=level,
            collectivite_id=collectivite_id,
            title=title[:200],
            body=clean_body,
            for_families=for_families,
            for_staff=for_staff,
            publish_at=publish_at,
            expires_at=expires_at,
        )
        item.schools.set(schools)
        audit(actor, "news.publish", item, schools=[s.pk for s in schools], level=level)
        _publish_event(actor, item, schools)
        transaction.on_commit(retire_home_news)
    return item
