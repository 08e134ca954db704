"""A resource of any app shared with a person or a group, with rights (issue 4, ADR sharing)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from preau.directory.models import Group


class Level(models.TextChoices):
    READ = "read", "Lecture"
    CONTRIBUTE = "contribute", "Contribution"
    MANAGE = "manage", "Gestion"


LEVEL_RANK = {Level.READ: 1, Level.CONTRIBUTE: 2, Level.MANAGE: 3}


class Share(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    resource = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shares_received",
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="shares_received"
    )
    level = models.CharField("droit", max_length=12, choices=Level.choices, default=Level.READ)
    rank = models.PositiveSmallIntegerField(editable=False, default=1)  # read 1 < contribute 2 < …
    can_publish = models.BooleanField("peut publier", default=False)
    can_comment = models.BooleanField("peut commenter", default=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "partage"
        constraints = [
            models.CheckConstraint(
                name="share_with_user_or_group",
                condition=Q(user__isnull=False, group__isnull=True)
                | Q(user__isnull=True, group__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user", "group"],
                name="unique_share",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["user", "content_type", "rank"]),
            models.Index(fields=["group", "content_type", "rank"]),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.user_id or self.group_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.rank = LEVEL_RANK[Level(self.level)]
        super().save(*args, **kwargs)  # type: ignore[arg-type]
