"""Cross-cutting records: the audit trail every service writes to."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One privileged or structural action: who did what to which object, and when.

    Services write these inside their transaction, so an action and its trace commit together.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = "événement d'audit"
        verbose_name_plural = "événements d'audit"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


class ScheduledRun(models.Model):
    """One slot of a periodic job, claimed once (the unique pair makes two schedulers safe)."""

    job = models.CharField(max_length=80)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="unique_job_slot")]
        indexes = [models.Index(fields=["enqueued_at"])]
        verbose_name = "exécution planifiée"
        verbose_name_plural = "exécutions planifiées"

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"


class AuditMonthlyCount(models.Model):
    """What remains of the audit log past its retention (rules.md: one year, then aggregates
    only): how many times each action happened in a month, with nobody's name or address."""

    month = models.DateField()  # the first day of the month
    action = models.CharField(max_length=80)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "action"], name="unique_audit_month_action")
        ]
        ordering = ["-month", "action"]
        verbose_name = "décompte mensuel d'audit"
        verbose_name_plural = "décomptes mensuels d'audit"

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.action}: {self.count}"
