import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.lifecycle.services.lifecycle import run_lifecycle


class Command(BaseCommand):
    help = "Passe quotidienne : absents → pré-supprimés → supprimés (règles §8)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="Date du jour à utiliser, AAAA-MM-JJ (tests, rattrapage)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("La date doit être au format AAAA-MM-JJ.") from exc
        self.stdout.write(json.dumps(run_lifecycle(today)))
