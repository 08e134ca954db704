"""Groups: derived from the structure (kept in step by services), computed, or manual.

Wide groups ("Parents de l'académie", of a circonscription's or a collectivité's schools) are
*computed*: they have no `GroupMembership` rows; their members are the holders of `profile` in
the schools of their scope, resolved by one query (`preau.directory.audiences`, ADR 0047).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preau.directory.models.people import Profile
from preau.directory.models.structures import (
    Academie,
    Circonscription,
    Collectivite,
    Rpi,
    School,
    SchoolClass,
)


class Group(models.Model):
    class Kind(models.TextChoices):
        SCHOOL_PROFILE = "school_profile", "Profil d'une école"
        CLASS_PROFILE = "class_profile", "Profil d'une classe"
        CIRCONSCRIPTION_TEACHERS = "circonscription_teachers", "Enseignants d'une circonscription"
        COLLECTIVITE_DIRECTORS = "collectivite_directors", "Directeurs d'une collectivité"
        RPI_TEACHERS = "rpi_teachers", "Enseignants d'un RPI"
        ACADEMIE_PROFILE = "academie_profile", "Profil dans les écoles d'une académie"
        CIRCONSCRIPTION_PROFILE = (
            "circonscription_profile",
            "Profil dans les écoles d'une circonscription",
        )
        COLLECTIVITE_PROFILE = "collectivite_profile", "Profil dans les écoles d'une collectivité"
        MANUAL = "manual", "Groupe manuel"

    kind = models.CharField("nature", max_length=30, choices=Kind.choices)
    name = models.CharField("nom", max_length=200)
    profile = models.CharField("profil", max_length=20, choices=Profile.choices, blank=True)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="groups"
    )
    school_class = models.ForeignKey(
        SchoolClass, null=True, blank=True, on_delete=models.CASCADE, related_name="groups"
    )
    circonscription = models.ForeignKey(
        Circonscription, null=True, blank=True, on_delete=models.CASCADE, related_name="groups"
    )
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.CASCADE, related_name="groups"
    )
    rpi = models.ForeignKey(Rpi, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    academie = models.ForeignKey(
        Academie, null=True, blank=True, on_delete=models.CASCADE, related_name="groups"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_groups",
    )
    needs_review = models.BooleanField("à revoir après la bascule", default=False)
    members = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL, through="GroupMembership", related_name="preau_groups"
    )

    class Meta:
        verbose_name = "groupe"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "kind",
                    "profile",
                    "school",
                    "school_class",
                    "circonscription",
                    "collectivite",
                    "rpi",
                    "academie",
                ],
                condition=~models.Q(kind="manual"),
                name="unique_derived_group_v2",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_derived(self) -> bool:
        return self.kind != self.Kind.MANUAL

    @property
    def is_computed(self) -> bool:
        """Members resolved from the directory at each use, never stored (ADR 0047)."""
        return self.kind in COMPUTED_KINDS


COMPUTED_KINDS = (
    Group.Kind.ACADEMIE_PROFILE,
    Group.Kind.CIRCONSCRIPTION_PROFILE,
    Group.Kind.COLLECTIVITE_PROFILE,
)


class GroupMembership(models.Model):
    # Neither key has an index of its own: `unique_group_member` starts with the group, the
    # (user, group) index with the user (ADR 0061).
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        db_index=False,
    )

    class Meta:
        verbose_name = "membre d'un groupe"
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="unique_group_member")
        ]
        indexes = [models.Index(fields=["user", "group"])]

    def __str__(self) -> str:
        return f"{self.user} ∈ {self.group}"
