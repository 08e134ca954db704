"""Every stored byte of Préau, whatever the service, and the quota it is counted against."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StoredFile(models.Model):
    """One blob in the file storage (local or S3), charged to `owner`'s quota.

    `size` and `thumbnail_size` are what the quota counts. The bytes live under `key` in the
    `preau_files` storage; rows and blobs are written and deleted only by `storage.services`.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_files"
    )
    service = models.CharField("service", max_length=30)  # documents, messagerie, liaison…
    name = models.CharField("nom", max_length=255)
    content_type = models.CharField("type", max_length=127)
    size = models.BigIntegerField("taille")
    sha256 = models.CharField(max_length=64)
    key = models.CharField(max_length=255, unique=True)
    thumbnail_key = models.CharField(max_length=255, blank=True)
    thumbnail_size = models.BigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "fichier stocké"
        verbose_name_plural = "fichiers stockés"
        indexes = [models.Index(fields=["owner", "service"])]

    def __str__(self) -> str:
        return self.name

    @property
    def charged_bytes(self) -> int:
        return self.size + self.thumbnail_size

    @property
    def has_thumbnail(self) -> bool:
        return bool(self.thumbnail_key)


class Quota(models.Model):
    """A person's storage: bytes used (kept in step by the services) and an optional own limit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="quota"
    )
    used_bytes = models.BigIntegerField("octets utilisés", default=0)
    limit_bytes = models.BigIntegerField(
        "limite propre (octets)",
        null=True,
        blank=True,
        help_text="Vide : la limite par défaut du profil (1 Gio familles, 10 Gio personnels).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "quota"
        constraints = [
            models.CheckConstraint(
                name="quota_used_not_negative", condition=models.Q(used_bytes__gte=0)
            )
        ]

    def __str__(self) -> str:
        return f"Quota de {self.user}"
