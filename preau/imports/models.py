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

    # No index of its own: `unique_source_record` starts with it (ADR 0061).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="source_records",
        db_index=False,
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


class ImportJob(models.Model):
    """One web import of a school: uploaded files, the dry run's preview, then the real run.

    The files live in `ImportFile` rows until the run ends (or the upload expires); the preview
    and the final report are the service's own report (`ImportReport.as_dict(details=True)`)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Aperçu prêt"
        QUEUED = "queued", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"
        FAILED = "failed", "Refusé"
        CANCELLED = "cancelled", "Annulé"

    school = models.ForeignKey(
        "directory.School", on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("déposé le")
    school_year = models.PositiveIntegerField("année scolaire")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    force = models.BooleanField("malgré les départs", default=False)
    preview = models.JSONField("aperçu", default=dict)
    report = models.JSONField("compte rendu", default=dict)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    stage = models.CharField("étape", max_length=100, blank=True)
    error = models.TextField("motif du refus", blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import web"
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return f"import {self.pk} de {self.school_id} ({self.status})"

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)


class ImportFile(models.Model):
    """An uploaded ONDE file, kept in the database between the preview and the real run, so
    that the web process and the task worker need no shared disk. Deleted when the run ends."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20)  # eleves | responsables | enseignants
    name = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        verbose_name = "fichier importé"
        constraints = [
            models.UniqueConstraint(fields=["job", "kind"], name="unique_import_file_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"
