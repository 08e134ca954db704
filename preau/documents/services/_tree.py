"""Keeping `FolderAncestor` (the closure of the folder tree) true when folders are created or
moved (ADR 0042). Deleted folders take their rows with them (cascade)."""

from __future__ import annotations

from preau.documents.models import Folder, FolderAncestor


def _ancestors_of(folder_id: int) -> list[tuple[int, int]]:
    """(ancestor id, depth) of `folder_id`, itself included at depth 0."""
    rows = FolderAncestor.objects.filter(folder_id=folder_id).values_list("ancestor_id", "depth")
    return list(rows)


def link_new_folder(folder: Folder) -> None:
    """The rows of a folder just created: itself, and its parent's ancestors one level up."""
    rows = [FolderAncestor(folder_id=folder.pk, ancestor_id=folder.pk, depth=0)]
    if folder.parent_id is not None:
        rows += [
            FolderAncestor(folder_id=folder.pk, ancestor_id=ancestor, depth=depth + 1)
            for ancestor, depth in _ancestors_of(folder.parent_id)
        ]
    FolderAncestor.objects.bulk_create(rows)


def subtree_ids(folder: Folder) -> list[int]:
    """The folder and all its descendants (one query)."""
    below = FolderAncestor.objects.filter(ancestor_id=folder.pk).order_by("depth", "folder_id")
    return list(below.values_list("folder_id", flat=True))


def relink_subtree(folder: Folder, ids: list[int]) -> None:
    """After `folder` (and its subtree `ids`) moved under `folder.parent`: the rows linking the
    subtree to its old ancestors go, rows to the new ones come (3 queries + 1 insert)."""
    inside = list(
        FolderAncestor.objects.filter(ancestor_id=folder.pk).values_list("folder_id", "depth")
    )
    FolderAncestor.objects.filter(folder_id__in=ids).exclude(ancestor_id__in=ids).delete()
    if folder.parent_id is None:
        return
    above = _ancestors_of(folder.parent_id)
    FolderAncestor.objects.bulk_create(
        FolderAncestor(folder_id=node, ancestor_id=ancestor, depth=below + up + 1)
        for node, below in inside
        for ancestor, up in above
    )
