"""People's places in the structure: profiles, functions, parent–child links, class memberships.

A person has one account (accounts.User) and any number of these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from preau.directory.models.structures import (
    CYCLE_1_LEVELS,
    Academie,
    Circonscription,
    Collectivite,
    Departement,
    School,
    SchoolClass,
)


class Profile(models.TextChoices):
    """Stable lower-case codes, exposed as-is by the API."""

    ELEVE = "eleve", "Élève"
    RESPONSABLE = "responsable", "Responsable légal"
    ENSEIGNANT = "enseignant", "Enseignant"
    PERSONNEL = "personnel", "Personnel"
    INVITE = "invite", "Invité / partenaire"
    INSPECTION = "inspection", "Inspection"
    COLLECTIVITE = "collectivite", "Représentant de collectivité"


SCHOOL_PROFILES = (
    Profile.ELEVE,
    Profile.RESPONSABLE,
    Profile.ENSEIGNANT,
    Profile.PERSONNEL,
    Profile.INVITE,
)


class Function(models.TextChoices):
    DIRECTEUR = "directeur", "Directeur ou directrice d'école"
    ADMIN_LOCAL = "admin_local", "Administrateur local"
    ADMIN_COLLECTIVITE = "admin_collectivite", "Administrateur de collectivité"
    ADMIN_ACADEMIQUE = "admin_academique", "Administrateur académique"


class PersonnelKind(models.TextChoices):
    ATSEM = "atsem", "ATSEM"
    AGENT = "agent", "Agent territorial"
    PERISCOLAIRE = "periscolaire", "Animateur périscolaire"
    AESH = "aesh", "AESH"


class ProfileAssignment(models.Model):
    """A person holds a profile in a scope: a school, a circonscription or a collectivité."""

    # No index of its own: `unique_profile_per_scope` starts with it (ADR 0061).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile_assignments",
        db_index=False,
    )
    profile = models.CharField("profil", max_length=20, choices=Profile.choices)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="profile_assignments"
    )
    circonscription = models.ForeignKey(
        Circonscription, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    personnel_kind = models.CharField(
        "fonction du personnel", max_length=20, choices=PersonnelKind.choices, blank=True
    )
    title = models.CharField("intitulé", max_length=150, blank=True)  # "IEN", "Club de judo"…
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "profil"
        constraints = [
            models.CheckConstraint(
                name="profile_scope_matches_profile",
                condition=(
                    Q(
                        profile__in=[p.value for p in SCHOOL_PROFILES],
                        school__isnull=False,
                        circonscription__isnull=True,
                        collectivite__isnull=True,
                    )
                    | Q(
                        profile=Profile.INSPECTION,
                        school__isnull=True,
                        circonscription__isnull=False,
                        collectivite__isnull=True,
                    )
                    | Q(
                        profile=Profile.COLLECTIVITE,
                        school__isnull=True,
                        circonscription__isnull=True,
                        collectivite__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "profile", "school", "circonscription", "collectivite"],
                name="unique_profile_per_scope",
                nulls_distinct=False,
            ),
        ]
        # The holders of a profile in user-id order: the keyset batches of a wide group's
        # fan-out read it without a sort (ADR 0047).
        indexes = [models.Index(fields=["profile", "user", "school"], name="profile_holders")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_profile_display()}"


class FunctionAssignment(models.Model):
    """An administrative function with its scope (rules: domain.md §5)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="function_assignments"
    )
    function = models.CharField("fonction", max_length=30, choices=Function.choices)
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="function_assignments",
    )
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    departement = models.ForeignKey(
        Departement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    academie = models.ForeignKey(
        Academie, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "fonction"
        constraints = [
            models.CheckConstraint(
                name="function_scope_matches_function",
                condition=(
                    Q(function__in=["directeur", "admin_local"], school__isnull=False)
                    | Q(function="admin_collectivite", collectivite__isnull=False)
                    | Q(function="admin_academique", academie__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "function", "school", "collectivite", "departement", "academie"],
                name="unique_function_per_scope",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_function_display()}"


class ParentLink(models.Model):
    """A responsable and a pupil. Only links with autorité parentale open a parent's access."""

    class Relationship(models.TextChoices):
        MERE = "mere", "Mère"
        PERE = "pere", "Père"
        TUTEUR = "tuteur", "Tuteur ou tutrice"
        AUTRE = "autre", "Autre"

    # No index of its own: `unique_parent_child` starts with it (ADR 0061).
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="child_links",
        db_index=False,
    )
    child = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parent_links"
    )
    parental_authority = models.BooleanField("autorité parentale", default=True)
    relationship = models.CharField(
        "lien", max_length=10, choices=Relationship.choices, default=Relationship.AUTRE
    )
    contact_priority = models.PositiveSmallIntegerField("priorité de contact", default=1)
    source = models.CharField("origine", max_length=20, default="manual")

    class Meta:
        verbose_name = "lien responsable–élève"
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="unique_parent_child"),
            models.CheckConstraint(
                name="parent_is_not_child", condition=~Q(parent=models.F("child"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} → {self.child}"


class ClassMembership(models.Model):
    """A person in a class for the class's school year; pupils carry their own level."""

    class Role(models.TextChoices):
        ELEVE = "eleve", "Élève"
        ENSEIGNANT = "enseignant", "Enseignant"
        PERSONNEL = "personnel", "Personnel"

    # Neither key has an index of its own: `unique_class_membership` starts with the user, the
    # (school_class, role) index with the class (ADR 0061).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="class_memberships",
        db_index=False,
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    level = models.CharField("niveau de l'élève", max_length=3, blank=True)
    ended_at = models.DateTimeField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "appartenance à une classe"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school_class", "role"], name="unique_class_membership"
            )
        ]
        indexes = [
            models.Index(fields=["school_class", "role"]),
            # Who has no messaging (cycle 1 pupils): probed for every reachable person when the
            # address book is listed; a few rows, so probing it for anyone else costs nothing.
            models.Index(
                fields=["user"],
                name="cycle_1_pupil_membership",
                condition=Q(role="eleve", ended_at__isnull=True, level__in=CYCLE_1_LEVELS),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.school_class}"
