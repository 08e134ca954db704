"""Background work of the espace documentaire."""

from __future__ import annotations

from django_tasks import task

from preau.documents.services.trash import empty_trash


@task()
def empty_trash_task() -> dict[str, int]:
    """Daily: delete documents and folders trashed more than PREAU_TRASH_DAYS ago (idempotent)."""
    return empty_trash()
