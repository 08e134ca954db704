"""Actualités: news of a school or of a collectivité for its schools, dated and targeted."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preau.directory.models import Collectivite, School


class NewsItem(models.Model):
    class Level(models.TextChoices):
        SCHOOL = "school", "École"
        COLLECTIVITE = "collectivite", "Collectivité"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="news_items"
    )
    level = models.CharField("niveau", max_length=20, choices=Level.choices)
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.CASCADE, related_name="news_items"
    )
    schools = models.ManyToManyField(School, related_name="news_items")
    title = models.CharField("titre", max_length=200)
    body = models.TextField("texte")  # sanitised HTML (nh3)
    for_families = models.BooleanField("pour les familles (parents et élèves)", default=True)
    for_staff = models.BooleanField("pour les équipes (enseignants et personnels)", default=True)
    publish_at = models.DateTimeField("publiée à partir du", db_index=True)
    expires_at = models.DateTimeField("retirée le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "actualité"
        ordering = ["-publish_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="news_has_an_audience",
                condition=models.Q(for_families=True) | models.Q(for_staff=True),
            ),
            models.CheckConstraint(
                name="news_expires_after_publication",
                condition=models.Q(expires_at__isnull=True)
                | models.Q(expires_at__gt=models.F("publish_at")),
            ),
        ]

    def __str__(self) -> str:
        return self.title
