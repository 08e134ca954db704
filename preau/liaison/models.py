"""The carnet de liaison: mots to families, their recipients frozen at publication, parents' mots.

A mot's recipients are resolved once, when it is published, into (pupil, legal representative)
rows: later class changes or new parent links never rewrite who received what. Each row carries
that representative's own signature and reply (separated parents sign for themselves).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preau.directory.models import School, SchoolClass


class Note(models.Model):
    class Audience(models.TextChoices):
        CLASSES = "classes", "Classes"
        SCHOOL = "school", "Toute l'école"
        PUPILS = "pupils", "Élèves choisis"

    class ReplyKind(models.TextChoices):
        NONE = "", "Pas de coupon-réponse"
        CHOICES = "choices", "Choix proposés"
        TEXT = "text", "Réponse libre"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="liaison_notes"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="liaison_notes")
    title = models.CharField("titre", max_length=200)
    body = models.TextField("texte")  # sanitised HTML (nh3)
    audience = models.CharField("destinataires", max_length=10, choices=Audience.choices)
    classes = models.ManyToManyField(SchoolClass, related_name="liaison_notes", blank=True)
    requires_signature = models.BooleanField("demande une signature", default=False)
    reply_kind = models.CharField(
        "coupon-réponse", max_length=10, choices=ReplyKind.choices, blank=True, default=""
    )
    reply_question = models.CharField("question", max_length=300, blank=True)
    reply_choices = models.JSONField("choix", default=list, blank=True)
    created_at = models.DateTimeField("publié le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "mot du carnet de liaison"
        verbose_name_plural = "mots du carnet de liaison"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def has_reply(self) -> bool:
        return bool(self.reply_kind)


class Reminder(models.Model):
    """One reminder sent by the author; the task mails each unsigned family once for it."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="reminders")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "relance"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Relance {self.pk} de {self.note_id}"


class NoteRecipient(models.Model):
    """A pupil and one of their legal representatives (none when the pupil has no linked one)."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="recipients")
    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liaison_as_pupil"
    )
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="liaison_as_parent",
    )
    school_class = models.ForeignKey(
        SchoolClass, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField("signé le", null=True, blank=True)
    answer = models.TextField("réponse", blank=True)
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    last_reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "destinataire d'un mot"
        constraints = [
            models.UniqueConstraint(
                fields=["note", "pupil", "parent"],
                name="unique_note_recipient",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(fields=["parent", "pupil"]),
            models.Index(fields=["pupil", "note"]),
        ]

    def __str__(self) -> str:
        return f"{self.note} → {self.pupil_id}/{self.parent_id}"


class ParentMessage(models.Model):
    """A parent's mot to a teacher about their child (absence, appointment…)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liaison_messages_sent"
    )
    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liaison_messages_about"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="liaison_messages_received",
    )
    title = models.CharField("objet", max_length=200)
    body = models.TextField("texte")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField("pris en compte le", null=True, blank=True)

    class Meta:
        verbose_name = "mot d'un parent"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["teacher", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class NoteAttachment(models.Model):
    """A file joined to a mot, stored by the storage core (service "liaison", author's quota).

    Copied at publication when it comes from the author's documents: the mot stays as sent."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="attachments")
    # RESTRICT: the bytes are discarded through the storage core, never by a bare cascade.
    file = models.ForeignKey("storage.StoredFile", on_delete=models.RESTRICT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "pièce jointe d'un mot"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.note_id}: {self.file_id}"
