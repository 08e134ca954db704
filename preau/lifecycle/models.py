"""Activation and renewal codes, the charter and its acceptances, and account lifecycle states."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ActivationCode(models.Model):
    """The one outstanding code of an account, stored as a keyed hash (docs/adr: activation codes).

    Single use: the row is deleted when the code is used. A reprint replaces the row, which voids
    the previous code.
    """

    class Kind(models.TextChoices):
        ACTIVATION = "activation", "Activation"
        RENEWAL = "renewal", "Renouvellement du mot de passe"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_code"
    )
    digest = models.CharField("empreinte", max_length=64)
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField("créé le")
    expires_at = models.DateTimeField("expire le")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "code d'activation"
        verbose_name_plural = "codes d'activation"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.user_id}"


class Charter(models.Model):
    """A version of the charte d'utilisation. The highest version is the current one."""

    version = models.PositiveIntegerField("version", unique=True)
    title = models.CharField("titre", max_length=200)
    text = models.TextField("texte")
    published_at = models.DateTimeField("publiée le")

    class Meta:
        verbose_name = "charte d'utilisation"
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class CharterAcceptance(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="charter_acceptances"
    )
    charter = models.ForeignKey(Charter, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField("acceptée le")

    class Meta:
        verbose_name = "acceptation de la charte"
        constraints = [
            models.UniqueConstraint(fields=["user", "charter"], name="unique_charter_acceptance")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} — v{self.charter_id}"


class AccountState(models.Model):
    """Where a leaver stands (rules.md §8). People without a row are present.

    Provisioned and active are read from `User.activated_at`, blocked from `User.blocked_at`.
    `backup` keeps the profiles, class memberships, parent links and manual groups removed at
    pre-deletion, so that the director can restore the person.
    """

    class State(models.TextChoices):
        ABSENT = "absent", "Absent"
        PRE_DELETED = "pre_deleted", "Pré-supprimé"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lifecycle_state"
    )
    state = models.CharField("état", max_length=20, choices=State.choices)
    absent_since = models.DateField("absent depuis")
    pre_deleted_on = models.DateField("pré-supprimé le", null=True, blank=True)
    backup = models.JSONField("sauvegarde des rattachements", default=dict, blank=True)

    class Meta:
        verbose_name = "état du compte"
        indexes = [
            models.Index(fields=["state", "absent_since"]),
            models.Index(fields=["state", "pre_deleted_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} — {self.get_state_display()}"
