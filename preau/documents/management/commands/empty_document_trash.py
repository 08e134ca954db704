from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from preau.documents.services.trash import empty_trash


class Command(BaseCommand):
    help = "Supprime définitivement les documents restés plus de 30 jours dans la corbeille."

    def handle(self, *args: Any, **options: Any) -> None:
        done = empty_trash()
        self.stdout.write(
            f"{done['documents']} document(s) et {done['folders']} dossier(s) supprimés."
        )
