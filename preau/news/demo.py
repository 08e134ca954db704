"""Actualités in the demo académie: one of the Jules-Verne director, one of the Ville de
Bellevue-sur-Loire for its schools. Idempotent: an item with the same title is left alone."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from preau.directory.models import FunctionAssignment, School
from preau.news.models import NewsItem
from preau.news.services import publish_news

ITEMS = [
    (
        "demo.directeur",
        "Fête de l'école le samedi 27 juin",
        "Spectacle des classes à 10 h, puis pique-nique dans la cour. Toutes les familles sont "
        "les bienvenues.",
    ),
    (
        "demo.collectivite",
        "Inscriptions au périscolaire",
        "Les inscriptions à l'accueil périscolaire de la rentrée sont ouvertes jusqu'au 30 juin "
        "sur le portail famille de la ville.",
    ),
]


def _schools_of(author: Any, login: str) -> list[int]:
    if login == "demo.directeur":
        rows = FunctionAssignment.objects.filter(user=author, function="directeur")
        return list(rows.values_list("school_id", flat=True))
    collectivites = FunctionAssignment.objects.filter(
        user=author, function="admin_collectivite"
    ).values("collectivite_id")
    return list(
        School.objects.filter(collectivite_id__in=collectivites).values_list("pk", flat=True)
    )


def seed_news_demo() -> int:
    """Publish the demo items that are missing; the number created."""
    users = {u.login: u for u in get_user_model().objects.filter(login__in=[i[0] for i in ITEMS])}
    created = 0
    for login, title, body in ITEMS:
        author = users.get(login)
        if author is None or NewsItem.objects.filter(author=author, title=title).exists():
            continue
        schools = _schools_of(author, login)
        if schools:
            publish_news(author, title=title, body=body, school_ids=schools)
            created += 1
    return created
