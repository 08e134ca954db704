"""The class blog and its cahier multimédia: one blog per class, posts with media, comments.

A blog belongs to one class of one school year (created the first time someone opens it); it is
read by the class's pupils, their legal representatives, its teachers and the school's managers,
never by anyone else (never public). The cahier multimédia is the same posts read as a book.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preau.directory.models import SchoolClass
from preau.storage.models import StoredFile


class Blog(models.Model):
    school_class = models.OneToOneField(SchoolClass, on_delete=models.CASCADE, related_name="blog")
    moderate_comments = models.BooleanField("commentaires validés avant publication", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "blog de classe"
        verbose_name_plural = "blogs de classe"

    def __str__(self) -> str:
        return f"Blog {self.school_class_id}"


class Post(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "En attente de validation"
        PUBLISHED = "published", "Publié"
        REJECTED = "rejected", "Non publié"

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, related_name="posts")
    # CASCADE: the media are charged to the author's quota and go with the account (ADR 0035).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_posts"
    )
    title = models.CharField("titre", max_length=200)
    body = models.TextField("texte", blank=True)  # sanitised HTML (core.richtext)
    status = models.CharField("état", max_length=10, choices=Status.choices)
    created_at = models.DateTimeField("écrit le", auto_now_add=True)
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "article"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["blog", "status", "-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Media(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", "Photo"
        AUDIO = "audio", "Son"
        VIDEO = "video", "Vidéo"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    # RESTRICT: the bytes are discarded through the storage core, never by a bare cascade.
    file = models.ForeignKey(StoredFile, on_delete=models.RESTRICT, related_name="+")
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    caption = models.CharField("légende", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "média"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_id}"


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "En attente de validation"
        PUBLISHED = "published", "Publié"
        REJECTED = "rejected", "Refusé"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_comments"
    )
    body = models.TextField("commentaire")  # plain text, escaped when shown
    status = models.CharField("état", max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "commentaire"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "status"])]

    def __str__(self) -> str:
        return f"Commentaire {self.pk} sur {self.post_id}"
