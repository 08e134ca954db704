"""`manage.py import_aaf1d DIR [--dry-run] [--json]`: an AAF 1D feed (Complet or Delta)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.core.errors import PreauError
from preau.imports.management.commands.import_onde import EXIT_REJECTED, rejected_payload
from preau.imports.report import ImportPartlyRejected, ImportRejected, LineError
from preau.imports.services.aaf_import import import_aaf


class Command(BaseCommand):
    help = "Importe un dossier de fichiers AAF 1D (écoles, élèves, responsables, personnels)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--school-year", type=int, dest="school_year")
        parser.add_argument("--dry-run", action="store_true", dest="dry_run")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Accepter qu'un fichier Complet rende absentes plus de personnes que le seuil.",
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            if not folder.is_dir():
                raise ImportRejected(
                    [LineError(str(folder), 0, "", "Dossier introuvable.", "not_found")]
                )
            report = import_aaf(
                None,
                folder,
                school_year=options["school_year"],
                dry_run=options["dry_run"],
                force=options["force"],
            )
        except ImportRejected as exc:
            errors = exc.errors
        except ImportPartlyRejected as exc:
            self._write_report(exc.report.as_dict(), options["as_json"])
            raise CommandError(exc.message, returncode=EXIT_REJECTED) from exc
        except PreauError as exc:
            errors = [LineError("", 0, "", exc.message, exc.code)]
        else:
            self._write_report(report.as_dict(), options["as_json"])
            return
        if options["as_json"]:
            self.stdout.write(json.dumps(rejected_payload(errors), ensure_ascii=False))
        else:
            for error in errors:
                self.stderr.write(f"{error.file}, ligne {error.line} : {error.message}")
        raise CommandError("Fichiers AAF refusés : rien n'a été importé.", returncode=EXIT_REJECTED)

    def _write_report(self, report: dict[str, Any], as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        self.stdout.write(
            f"Créés : {report['created']} ; mis à jour : {report['updated']} ; "
            f"inchangés : {report['unchanged']} ; partis : {report['left']}"
        )
        for error in report["errors"]:
            self.stderr.write(f"{error['file']}, ligne {error['line']} : {error['message']}")
