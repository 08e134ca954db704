"""Frozen reference-date counts, invoices, reminders sent and availability probes."""

from __future__ import annotations

from django.db import models

from preau.directory.models import Profile
from preau.groupement.models.adherents import Adherent


class Snapshot(models.Model):
    adherent = models.ForeignKey(Adherent, on_delete=models.PROTECT, related_name="snapshots")
    reference_date = models.DateField("date de référence")
    ordered = models.PositiveIntegerField("comptes commandés")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "relevé figé"
        ordering = ["-reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["adherent", "reference_date"], name="one_snapshot_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"Relevé du {self.reference_date} ({self.adherent_id})"


class SnapshotLine(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="lines")
    uai = models.CharField("UAI", max_length=8)
    school_name = models.CharField("école", max_length=200)
    profile = models.CharField("profil", max_length=20)
    need = models.PositiveIntegerField("besoin", default=0)
    loaded = models.PositiveIntegerField("chargés", default=0)
    activated = models.PositiveIntegerField("activés", default=0)
    active = models.PositiveIntegerField("actifs", default=0)

    class Meta:
        ordering = ["uai", "profile"]

    def __str__(self) -> str:
        return f"{self.uai} {self.profile}"

    @property
    def profile_label(self) -> str:
        return str(Profile(self.profile).label) if self.profile in Profile.values else self.profile


class Invoice(models.Model):
    adherent = models.ForeignKey(Adherent, on_delete=models.PROTECT, related_name="invoices")
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    number = models.CharField("n° d'état", max_length=50, unique=True)
    order_number = models.CharField("n° de bon de commande", max_length=50)
    chorus_service_code = models.CharField("code service Chorus Pro", max_length=100)
    unit_price_cents = models.PositiveIntegerField("prix unitaire HT (centimes)")
    accounts = models.PositiveIntegerField("comptes facturés")
    total_ht_cents = models.PositiveBigIntegerField("total HT (centimes)")
    vat_cents = models.PositiveBigIntegerField("TVA (centimes)")
    total_ttc_cents = models.PositiveBigIntegerField("total TTC (centimes)")
    issued_on = models.DateField("établi le")

    class Meta:
        verbose_name = "état de facturation"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["adherent", "year"], name="one_invoice_per_year")
        ]

    def __str__(self) -> str:
        return self.number


class ReminderSent(models.Model):
    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["adherent", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.sent_on})"


class AvailabilityProbe(models.Model):
    checked_at = models.DateTimeField(db_index=True)
    up = models.BooleanField()
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["checked_at"]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'up' if self.up else 'down'}"
