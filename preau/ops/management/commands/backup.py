"""`manage.py backup DIR`: database dump + stored files + manifest of checksums into DIR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers déposés dans un dossier neuf."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Dossier de destination (neuf ou vide).")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            summary = backup(directory)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Sauvegarde écrite dans {summary.path} : {summary.files} fichiers, "
            f"{summary.bytes} octets (sommes SHA-256 dans manifest.json)."
        )
