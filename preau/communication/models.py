"""Per-school communication toggles (with per-class overrides) and the messaging kill switch."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from preau.communication.catalogue import PROFILE_PLURALS, TOGGLES
from preau.directory.models import Profile, School, SchoolClass


class CommunicationRule(models.Model):
    """A toggle of rules.md §7.3 for a school (school_class empty) or a class override.

    Rules name a *kind* of link ("parents of a class ↔ each other"), never a concrete year-group,
    so next year's classes follow them without any copy (rollover).
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="communication_rules")
    school_class = models.ForeignKey(
        SchoolClass,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="communication_rules",
    )
    code = models.CharField("règle", max_length=50, choices=[(t.code, t.label) for t in TOGGLES])
    enabled = models.BooleanField("activée")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "règle de communication"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_class", "code"],
                name="unique_communication_rule",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}={'on' if self.enabled else 'off'}"


class MessagingSuspension(models.Model):
    """The kill switch (rules.md §7.4): sending suspended, everywhere or in a school, by profile."""

    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messaging_suspensions",
        verbose_name="école (vide : toute l'académie)",
    )
    profile = models.CharField(
        "profil des expéditeurs (vide : tous)", max_length=20, choices=Profile.choices, blank=True
    )
    reason = models.CharField("motif", max_length=300)
    starts_at = models.DateTimeField("début", default=timezone.now)
    ends_at = models.DateTimeField("fin prévue", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField("levée le", null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "suspension de la messagerie"
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["lifted_at", "school"])]

    def __str__(self) -> str:
        return self.reason

    @staticmethod
    def active_q(now: object = None) -> Q:
        now = now or timezone.now()
        return Q(lifted_at__isnull=True, starts_at__lte=now) & (
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )

    @property
    def scope_label(self) -> str:
        where = (
            f"l'école {self.school.name}" if self.school_id and self.school else "toute l'académie"
        )
        who = f"les {PROFILE_PLURALS[self.profile]}" if self.profile else "tout le monde"
        return f"{where}, pour {who}"
