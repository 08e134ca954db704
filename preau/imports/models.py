"""What imports remember about people: external ids, the last imported row, absences."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    ONDE = "onde", "ONDE (CSV)"
    AAF = "aaf", "AAF 1D"


class ExternalId(models.Model):
    """An identifier another system gives a person (AAF join key, INE…); opaque to Préau."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_ids"
    )
    source = models.CharField("origine", max_length=20)  # "aaf", "ine", "educonnect"…
    value = models.CharField("identifiant", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "identifiant externe"
        constraints = [
            models.UniqueConstraint(fields=["source", "value"], name="unique_external_id")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.value}"


class SourceRecord(models.Model):
    """The last row imported for a person in a school and profile (contacts, consents, class).

    Comparing a new row with it tells `updated` from `unchanged`; staff-only fields (addresses,
    phones, consents) live here rather than on the account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="source_records"
    )
    school = models.ForeignKey(
        "directory.School", on_delete=models.CASCADE, related_name="source_records"
    )
    source = models.CharField("origine", max_length=20, choices=Source.choices)
    profile = models.CharField("profil", max_length=20)
    data = models.JSONField("données importées", default=dict)
    imported_at = models.DateTimeField("importé le")

    class Meta:
        verbose_name = "ligne importée"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "source", "profile"], name="unique_source_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.school_id} ({self.source}/{self.profile})"


class Absence(models.Model):
    """A person missing from a full import of a school (rules.md §8 "absent").

    Set by `services.mark_absent`, removed when the person is back in a later import. What
    happens after (pre-deletion, deletion) belongs to the lifecycle app, which reads `since`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    school = models.ForeignKey(
        "directory.School", on_delete=models.CASCADE, related_name="absences"
    )
    profile = models.CharField("profil", max_length=20, blank=True)
    since = models.DateTimeField("absent depuis")
    source = models.CharField("origine", max_length=20, default=Source.ONDE)

    class Meta:
        verbose_name = "absence d'un import"
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="unique_absence_per_school")
        ]
        indexes = [models.Index(fields=["since"])]

    def __str__(self) -> str:
        return f"{self.user_id} absent de {self.school_id} depuis {self.since:%d/%m/%Y}"


class StructureKey(models.Model):
    """A feed's join key for a school (AAF `ENTStructureJointure`), so that later Delta files
    without their EtabEducNat file still find it."""

    school = models.ForeignKey(
        "directory.School", on_delete=models.CASCADE, related_name="structure_keys"
    )
    source = models.CharField("origine", max_length=20, default=Source.AAF)
    value = models.CharField("clé de jointure", max_length=200)

    class Meta:
        verbose_name = "clé de jointure d'école"
        constraints = [
            models.UniqueConstraint(fields=["source", "value"], name="unique_structure_key")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.value}"
