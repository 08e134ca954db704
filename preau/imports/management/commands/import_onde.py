"""`manage.py import_onde --uai UAI --eleves F --responsables F [--enseignants F] …`"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.core.errors import PreauError
from preau.imports.report import ImportRejected, LineError
from preau.imports.services import import_onde
from preau.imports.services.schools import school_for_import

EXIT_REJECTED = 2


class Command(BaseCommand):
    help = "Importe les exports ONDE (élèves, responsables, enseignants) d'une école."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--uai", required=True)
        parser.add_argument("--eleves", required=True, type=Path)
        parser.add_argument("--responsables", required=True, type=Path)
        parser.add_argument("--enseignants", type=Path)
        parser.add_argument("--create-school", metavar="NOM", dest="create_school")
        parser.add_argument(
            "--school-year",
            type=int,
            dest="school_year",
            help="Année de rentrée (par défaut : l'année scolaire en cours).",
        )
        parser.add_argument("--dry-run", action="store_true", dest="dry_run")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Accepter qu'un import complet rende absentes plus de personnes que le seuil "
            "(PREAU_IMPORT_MAX_ABSENT_PERCENT).",
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["as_json"]
        try:
            files = read_files(options)
            school = school_for_import(options["uai"], options["create_school"])
            report = import_onde(
                None,
                school,
                files,
                school_year=options["school_year"],
                dry_run=options["dry_run"],
                force=options["force"],
                progress=None if as_json else progress_bar(self.stderr),
            )
        except ImportRejected as exc:
            self._fail(as_json, exc.errors, exc.message)
        except PreauError as exc:
            self._fail(as_json, [LineError("", 0, "", exc.message, exc.code)], exc.message)
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        data = report.as_dict()
        self.stdout.write(
            f"Créés : {data['created']} ; mis à jour : {data['updated']} ; changés de classe : "
            f"{data['moved']} ; inchangés : {data['unchanged']} ; partis : {data['left']} ; "
            f"cas à décider : {len(data['ambiguous'])}"
            + (" (simulation : rien n'a été écrit)" if report.dry_run else "")
        )
        for warning in data["warnings"]:
            if warning.get("kind") == "too_many_departures":
                self.stderr.write(f"Attention : {warning['message']}")

    def _fail(self, as_json: bool, errors: list[LineError], message: str) -> None:
        if as_json:
            payload = rejected_payload(errors)
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            for error in errors:
                where = f"{error.file}, ligne {error.line}" if error.file else ""
                column = f", colonne « {error.column} »" if error.column else ""
                self.stderr.write(f"{where}{column} : {error.message}" if where else error.message)
        raise CommandError(message, returncode=EXIT_REJECTED)


def rejected_payload(errors: list[LineError]) -> dict[str, Any]:
    return {
        "created": {"eleve": 0, "responsable": 0, "enseignant": 0},
        "updated": 0,
        "unchanged": 0,
        "moved": 0,
        "left": 0,
        "ambiguous": [],
        "errors": [e.as_dict() for e in errors],
    }


def read_files(options: dict[str, Any]) -> dict[str, tuple[str, bytes]]:
    files = {}
    for kind in ("eleves", "responsables", "enseignants"):
        path = options.get(kind)
        if path is None:
            continue
        try:
            files[kind] = (path.name, path.read_bytes())
        except OSError as exc:
            raise ImportRejected(
                [LineError(str(path), 0, "", f"Fichier illisible : {exc.strerror}.", "unreadable")]
            ) from exc
    return files


def progress_bar(stream: Any) -> Any:
    """A text progress bar on a terminal; nothing otherwise."""
    if not getattr(stream, "isatty", lambda: False)() and not sys.stderr.isatty():
        return None

    def show(step: int, total: int) -> None:
        width = 30
        done = width * step // total
        stream.write(
            f"\r[{'#' * done}{' ' * (width - done)}] {100 * step // total:3d} %", ending=""
        )
        if step == total:
            stream.write("")

    return show
