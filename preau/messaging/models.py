"""Messages, each person's copy of them (folder, read, trash), personal folders, moderation.

A `Message` is written once; every person concerned (the sender, each recipient) has a `Delivery`:
their own box (inbox, sent, drafts), personal folder, read date, trash and deletion. Groups are
expanded into deliveries at send time (ADR 0025), so "my inbox" is one index range scan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from preau.directory.models import SchoolClass


class Message(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        PENDING = "pending", "En attente de validation"
        SENT = "sent", "Envoyé"
        REJECTED = "rejected", "Refusé par l'enseignant"

    class Mode(models.TextChoices):
        NEW = "new", "Nouveau message"
        REPLY = "reply", "Réponse"
        REPLY_ALL = "reply_all", "Réponse à tous"
        FORWARD = "forward", "Transfert"

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField("objet", max_length=200, blank=True)
    body = models.TextField("texte (HTML nettoyé)", blank=True)
    body_text = models.TextField("texte brut (recherche)", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.NEW)
    # The recipients as chosen (people and groups), expanded into deliveries at send time.
    to_users = models.JSONField(default=list, blank=True)
    to_groups = models.JSONField(default=list, blank=True)
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    fanout_done_at = models.DateTimeField(null=True, blank=True)
    # Moderation: the class whose teachers validate this pupil's message.
    moderation_class = models.ForeignKey(
        SchoolClass, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    event = models.ForeignKey(
        "timeline.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "message"
        indexes = [
            models.Index(
                fields=["moderation_class"],
                condition=Q(status="pending"),
                name="message_pending_by_class",
            ),
            models.Index(fields=["thread"], name="message_thread"),
        ]

    def __str__(self) -> str:
        return self.subject or "(sans objet)"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Folder(models.Model):
    """A personal folder to file received or sent messages."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_folders"
    )
    name = models.CharField("nom", max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "dossier"
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="unique_folder_name")]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One person's copy of a message: where it is filed, whether it is read, trashed, deleted."""

    class Box(models.TextChoices):
        INBOX = "inbox", "Boîte de réception"
        SENT = "sent", "Messages envoyés"
        DRAFTS = "drafts", "Brouillons"

    # A broadcast writes one copy per recipient: only the indexes the reads need are kept
    # (ADR 0047). `unique_delivery` (message, user) and `delivery_box` (user, …) lead with the
    # foreign keys, so these need no index of their own; copies filed in a folder are few.
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    box = models.CharField(max_length=10, choices=Box.choices)
    folder = models.ForeignKey(
        Folder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        db_index=False,
    )
    date = models.DateTimeField()  # copy of the message's date: a folder page is one index scan
    read_at = models.DateTimeField(null=True, blank=True)
    trashed_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "exemplaire d'un message"
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="unique_delivery")]
        indexes = [
            models.Index(fields=["user", "box", "-date"], name="delivery_box"),
            models.Index(
                fields=["user"],
                condition=Q(
                    box="inbox",
                    read_at__isnull=True,
                    trashed_at__isnull=True,
                    deleted_at__isnull=True,
                ),
                name="delivery_unread",
            ),
            models.Index(
                fields=["user", "folder", "-date"],
                condition=Q(folder__isnull=False),
                name="delivery_in_folder",
            ),
            models.Index(
                fields=["folder"], condition=Q(folder__isnull=False), name="delivery_folder_id"
            ),
            # "Who has read" for a broadcast: only read copies are in it, so a fan-out's
            # inserts (unread) never touch it.
            models.Index(
                fields=["message", "-read_at", "-user"],
                condition=Q(box="inbox", read_at__isnull=False),
                name="delivery_readers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.message_id} ({self.box})"

    @property
    def unread(self) -> bool:
        return self.box == self.Box.INBOX and self.read_at is None


class ClassModeration(models.Model):
    """A teacher's choice: the class's pupils' messages wait for validation before leaving."""

    school_class = models.OneToOneField(
        SchoolClass, on_delete=models.CASCADE, related_name="message_moderation"
    )
    enabled = models.BooleanField("valider les messages des élèves", default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "modération des messages d'une classe"

    def __str__(self) -> str:
        return f"{self.school_class_id}: {'on' if self.enabled else 'off'}"


class Attachment(models.Model):
    """A file sent with a message: one stored blob per message, read by every copy of it.

    The file is charged to the message's sender (service "messagerie"); recipients share it, it
    is never copied per recipient (ADR 0037). RESTRICT: the file may go together with its message
    (an account deleted with its messages), never from under a message that stays.
    """

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("storage.StoredFile", on_delete=models.RESTRICT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["message", "position"], name="attachment_message")]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.file_id}"
