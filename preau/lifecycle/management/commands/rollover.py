import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preau.core.errors import PreauError
from preau.lifecycle.services.rollover import rollover


class Command(BaseCommand):
    help = (
        "Bascule d'année : archive les classes des années antérieures à --year "
        "(année de début de la nouvelle année scolaire) et termine leurs appartenances."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--uai", help="Une seule école (sinon toutes)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = rollover(None, options["year"], options.get("uai"))
        except PreauError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(report.__dict__))
