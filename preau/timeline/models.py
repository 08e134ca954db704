"""Events published by the services, one feed entry per person, e-mail preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from preau.timeline.catalogue import KINDS, MODES, SERVICES


class Event(models.Model):
    """Something that happened for some people. Never carries a pupil's message content."""

    kind = models.CharField("type", max_length=50, choices=[(k.code, k.label) for k in KINDS])
    service = models.CharField(
        "service", max_length=30, choices=[(s.code, s.label) for s in SERVICES]
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField("titre", max_length=200)
    url = models.CharField("lien", max_length=300)
    created_at = models.DateTimeField("date", default=timezone.now)
    # Who receives it, expanded by the delivery task: {"users": [ids], "groups": [ids]}.
    audience = models.JSONField(default=dict, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Set when the event is delivered, cleared when its immediate mails and live badges are sent:
    # the queue that one task run drains for every pending event at once (ADR 0063).
    notifications_due = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "événement"
        indexes = [
            models.Index(
                fields=["id"],
                condition=Q(notifications_due__isnull=False),
                name="event_notifications_due",
            )
        ]

    def __str__(self) -> str:
        return self.title


class FeedEntry(models.Model):
    """An event in one person's feed, with its read state and whether it was mailed."""

    # No single-column FK indexes: `unique_feed_entry` (event, user) and `feed_by_user_date`
    # (user, …) already lead with them, and a broadcast writes one entry per recipient.
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="entries", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Copies of the event's date and service, so that a feed page is one index range scan.
    created_at = models.DateTimeField()
    service = models.CharField(max_length=30)
    read_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "entrée du fil"
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="unique_feed_entry")]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="feed_by_user_date"),
            models.Index(fields=["user", "service", "-created_at"], name="feed_by_user_service"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="feed_unread"),
            models.Index(
                fields=["user", "created_at"],
                condition=Q(notified_at__isnull=True, read_at__isnull=True),
                name="feed_to_notify",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.event_id}"


class NotificationPreference(models.Model):
    """How a person wants to hear about one kind of event by e-mail (default: the catalogue's)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=50, choices=[(k.code, k.label) for k in KINDS])
    mode = models.CharField(max_length=10, choices=list(MODES.items()))

    class Meta:
        verbose_name = "préférence de notification"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")
        ]

    def __str__(self) -> str:
        return f"{self.kind}={self.mode}"


class DigestSent(models.Model):
    """The daily digest mailed to a person for a day: running the digest twice sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    entries = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "résumé quotidien envoyé"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="unique_digest_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
