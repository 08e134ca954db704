"""The espace documentaire: folders, documents and their versions (bytes in preau.storage).

Sharing is the generic `sharing.Share` (ADR 0011) on a document or on any folder; a folder's
share reaches everything below it through `FolderAncestor`, the closure of the folder tree, in
one indexed semi-join whatever the depth (ADR 0042). Every folder and document also carries
`root`, the top-level folder of its tree (its space).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preau.directory.models import School, SchoolClass
from preau.storage.models import StoredFile


class Space(models.TextChoices):
    PERSONAL = "personal", "Mon espace"
    CLASS = "class", "Espace de la classe"
    TEAM = "team", "Espace de l'équipe"


class Folder(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="document_folders",
    )  # null for a class or team space, held by its groups' shares
    space = models.CharField(max_length=10, choices=Space.choices, default=Space.PERSONAL)
    school_class = models.ForeignKey(
        SchoolClass, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # the top-level folder of this tree (itself for a top-level folder)
    name = models.CharField("nom", max_length=150)
    search_name = models.CharField(max_length=150, db_index=True)
    trashed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "dossier"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "school_class"],
                condition=models.Q(space="class", parent__isnull=True),
                name="one_space_per_class",
            ),
            models.UniqueConstraint(
                fields=["space", "school"],
                condition=models.Q(space="team", parent__isnull=True),
                name="one_team_space_per_school",
            ),
        ]
        indexes = [models.Index(fields=["owner", "parent"]), models.Index(fields=["root"])]

    def __str__(self) -> str:
        return self.name


class FolderAncestor(models.Model):
    """Closure of the folder tree: one row per (folder, ancestor or itself), with the distance.

    A share on any folder reaches everything below it: "documents in folders shared with me" is
    a semi-join on (ancestor, folder), whatever the depth (ADR 0042). Kept by the folder
    services (create, move); rows go with their folders by cascade."""

    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="+")
    ancestor = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()  # 0: the folder itself

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["folder", "ancestor"], name="one_closure_row")
        ]
        indexes = [models.Index(fields=["ancestor", "folder"])]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.folder_id}"


class Document(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    folder = models.ForeignKey(
        Folder, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )  # null: at the top of the owner's personal space
    root = models.ForeignKey(
        Folder, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField("nom", max_length=150)
    search_name = models.CharField(max_length=150, db_index=True)
    current = models.ForeignKey(
        "DocumentVersion", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    size = models.BigIntegerField("taille", default=0)
    content_type = models.CharField("type", max_length=127, blank=True)
    has_preview = models.BooleanField(default=False)
    trashed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "document"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "folder"]),
            models.Index(fields=["root"]),
            models.Index(fields=["trashed_at"]),
        ]

    def __str__(self) -> str:
        return self.name


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # RESTRICT, not PROTECT: the file may go together with its version (an account deleted with
    # its documents), never from under a version that stays.
    file = models.ForeignKey(StoredFile, on_delete=models.RESTRICT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "version"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"
