"""Folders: create, rename, move (keeping every descendant's `root` and the tree's closure in
step)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from preau.core.audit import audit
from preau.core.errors import InvalidInput
from preau.documents.models import Document, Folder, Space
from preau.documents.services._common import authorize_folder, clean_name, writable_folder
from preau.documents.services._tree import link_new_folder, relink_subtree, subtree_ids


def create_folder(actor: Any, name: str, parent: Folder | None = None) -> Folder:
    parent = writable_folder(actor, parent)
    display, key = clean_name(name)
    with transaction.atomic():
        folder = Folder.objects.create(
            owner=actor,
            parent=parent,
            space=parent.space if parent else Space.PERSONAL,
            school_class_id=parent.school_class_id if parent else None,
            school_id=parent.school_id if parent else None,
            root_id=parent.root_id if parent else None,
            name=display,
            search_name=key,
        )
        if parent is None:
            folder.root = folder
            folder.save(update_fields=["root"])
        link_new_folder(folder)
        audit(actor, "documents.folder_created", folder, parent=getattr(parent, "pk", None))
    return folder


def rename_folder(actor: Any, folder: Folder, new_name: str) -> Folder:
    authorize_folder(actor, "manage", folder)
    _refuse_space(folder)
    display, key = clean_name(new_name)
    with transaction.atomic():
        folder.name, folder.search_name = display, key
        folder.save(update_fields=["name", "search_name"])
        audit(actor, "documents.folder_renamed", folder, name=display)
    return folder


def _refuse_space(folder: Folder) -> None:
    if folder.owner_id is None:
        raise InvalidInput("L'espace d'une classe ou d'une équipe ne se renomme ni ne se déplace.")


def move_folder(actor: Any, folder: Folder, parent: Folder | None) -> Folder:
    authorize_folder(actor, "manage", folder)
    _refuse_space(folder)
    parent = writable_folder(actor, parent)
    ids = subtree_ids(folder)
    if parent is not None and parent.pk in ids:
        raise InvalidInput("Un dossier ne peut pas aller dans l'un de ses sous-dossiers.")
    with transaction.atomic():
        folder.parent = parent
        new_root = parent.root_id if parent else folder.pk
        folder.save(update_fields=["parent"])
        relink_subtree(folder, ids)
        Folder.objects.filter(pk__in=ids).update(
            root_id=new_root,
            space=parent.space if parent else Space.PERSONAL,
            school_class_id=parent.school_class_id if parent else None,
            school_id=parent.school_id if parent else None,
        )
        Document.objects.filter(folder_id__in=ids).update(root_id=new_root)
        audit(actor, "documents.folder_moved", folder, parent=getattr(parent, "pk", None))
    folder.refresh_from_db()
    return folder
