"""`manage.py export_directory --uai UAI --json`: a school's directory, to take away."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.core.errors import PreauError
from preau.imports.selectors import export_school
from preau.imports.services.schools import school_for_import


class Command(BaseCommand):
    help = "Exporte l'annuaire d'une école (identifiants, profils, classes, enfants)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--uai", required=True)
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            school = school_for_import(options["uai"])
        except PreauError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        people = export_school(school)
        if options["as_json"]:
            payload = {"uai": school.uai, "name": school.name, "people": people}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        for person in people:
            self.stdout.write(
                f"{person['login']}\t{','.join(person['profiles'])}\t{person['last_name']}\t"
                f"{person['first_name']}\t{'; '.join(person['classes'])}"
            )
