"""Reads of the espace documentaire, each with a pinned number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from preau.communication.search import fold
from preau.core.compiled import CompiledQuery, Viewer
from preau.directory.models import Profile, ProfileAssignment
from preau.directory.selectors import get_person_context
from preau.documents.models import Document, DocumentVersion, Folder, FolderAncestor, Space
from preau.documents.policies import document as document_policy
from preau.documents.policies import folder as folder_policy
from preau.documents.policies._shares import shared_ids
from preau.sharing.models import Level
from preau.storage.downloads import FileRef

SEARCH_LIMIT = 50


@dataclass
class Listing:
    folders: list[Folder]
    documents: list[Document]


def _documents(qs: QuerySet[Document]) -> list[Document]:
    return list(qs.filter(trashed_at__isnull=True).order_by("name", "id"))


def listing(user: Any, folder: Folder | None) -> Listing:
    """A folder's content, or the top of `user`'s own space (2 queries). The caller has checked
    that `user` may read `folder`."""
    if folder is None:
        folders = Folder.objects.filter(owner_id=user.pk, parent=None, space=Space.PERSONAL)
        documents = Document.objects.filter(owner_id=user.pk, folder=None)
    else:
        folders = Folder.objects.filter(parent=folder)
        documents = Document.objects.filter(folder=folder)
    return Listing(
        folders=list(folders.filter(trashed_at__isnull=True).order_by("name", "id")),
        documents=_documents(documents),
    )


def shared_with_me(user: Any) -> Listing:
    """Documents and folders (any depth, any space) others shared with `user` (2 queries); class
    and team spaces themselves have their own pages."""
    folders = (
        Folder.objects.filter(pk__in=shared_ids(user, Folder, Level.READ), trashed_at__isnull=True)
        .exclude(owner_id=user.pk)
        .exclude(parent__isnull=True, space__in=[Space.CLASS, Space.TEAM])
    )
    documents = Document.objects.filter(pk__in=shared_ids(user, Document, Level.READ)).exclude(
        owner_id=user.pk
    )
    return Listing(
        folders=list(folders.select_related("owner").order_by("name", "id")),
        documents=_documents(documents.select_related("owner")),
    )


def trash_of(user: Any) -> Listing:
    """What `user` put in the trash: top trashed folders and documents trashed on their own
    (2 queries)."""
    folders = Folder.objects.filter(owner_id=user.pk, trashed_at__isnull=False).exclude(
        parent__trashed_at__isnull=False
    )
    documents = Document.objects.filter(owner_id=user.pk, trashed_at__isnull=False).exclude(
        folder__trashed_at__isnull=False
    )
    return Listing(
        folders=list(folders.order_by("-trashed_at")),
        documents=list(documents.order_by("-trashed_at")),
    )


def search(user: Any, query: str) -> list[Document]:
    """Visible, non-trashed documents whose name contains the words typed (1 query)."""
    key = fold(query or "").strip()
    if not key:
        return []
    return _documents(
        document_policy.visible_to(user).filter(search_name__contains=key).select_related("folder")
    )[:SEARCH_LIMIT]


def visible_document(user: Any, pk: int) -> Document | None:
    """A document `user` may read, with its current file (1 query)."""
    return (
        document_policy.visible_to(user)
        .select_related("current__file", "owner", "folder")
        .filter(pk=pk)
        .first()
    )


_FILE_FIELDS = ("key", "name", "size", "content_type", "thumbnail_key", "thumbnail_size")
_current_file = CompiledQuery(
    lambda user_id, pk: (
        document_policy.visible_to(Viewer(user_id)).filter(pk=pk, current__isnull=False).order_by()
    ),
    [f"current__file__{field}" for field in _FILE_FIELDS],
)


def current_file(user: Any, pk: int) -> FileRef | None:
    """The current file of a document `user` may read, for a download (1 query, compiled once
    per process: the authorised X-Accel-Redirect answer is on the hot path, ADR 0041)."""
    if not getattr(user, "is_authenticated", False):
        return None
    types = ContentType.objects.get_for_models(Document, Folder)
    row = _current_file.first(user.pk, pk, key=(types[Document].pk, types[Folder].pk))
    if row is None:
        return None
    return FileRef(**{field: row[f"current__file__{field}"] for field in _FILE_FIELDS})


def visible_folder(user: Any, pk: int) -> Folder | None:
    return folder_policy.visible_to(user).select_related("parent").filter(pk=pk).first()


def versions_of(document: Document) -> list[DocumentVersion]:
    return list(document.versions.select_related("file", "created_by").order_by("-number"))


def breadcrumbs(user: Any, folder: Folder | None) -> list[Folder]:
    """From the highest folder `user` may read down to `folder` (1 query): someone given a
    sub-folder does not see the names of the folders above it."""
    if folder is None:
        return []
    rows = (
        FolderAncestor.objects.filter(
            folder_id=folder.pk, ancestor__in=folder_policy.visible_to(user)
        )
        .select_related("ancestor")
        .order_by("-depth")
    )
    return [row.ancestor for row in rows]


@dataclass
class SpaceRef:
    kind: str
    id: int
    label: str


def spaces_of(user: Any) -> list[SpaceRef]:
    """The class and team spaces `user` may open: their classes, their children's classes, the
    schools where they teach or work (5 to 7 queries, as the person context)."""
    ctx = get_person_context(user)
    refs: dict[tuple[str, int], SpaceRef] = {}
    for school_class in ctx.classes:
        refs[("class", school_class.id)] = SpaceRef(
            "class", school_class.id, f"Classe {school_class.name}"
        )
    for child in ctx.children:
        for school_class in child.classes:
            refs[("class", school_class.id)] = SpaceRef(
                "class", school_class.id, f"Classe {school_class.name} ({child.display_name})"
            )
    staff_schools = set(
        ProfileAssignment.objects.filter(
            user_id=user.pk, profile__in=[Profile.ENSEIGNANT, Profile.PERSONNEL]
        ).values_list("school_id", flat=True)
    )
    for school in ctx.schools:
        if school.id in staff_schools:
            refs[("team", school.id)] = SpaceRef("team", school.id, f"Équipe – {school.name}")
    return list(refs.values())


def destinations(user: Any, limit: int = 200) -> list[Folder]:
    """Folders `user` may move or copy documents into (1 query)."""
    return list(
        folder_policy.visible_to(user, Level.CONTRIBUTE)
        .filter(trashed_at__isnull=True)
        .order_by("space", "name", "id")[:limit]
    )
