"""`manage.py restore DIR`: verify every checksum, then replace the database and the files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par `backup` : vérifie les sommes de contrôle, "
        "puis remplace la base de données et les fichiers déposés. "
        "Arrêtez les serveurs d'application avant."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Dossier de la sauvegarde.")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            manifest = restore(directory)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Sauvegarde du {manifest['created_at']} restaurée "
            f"({len(manifest['files'])} fichiers vérifiés)."
        )
