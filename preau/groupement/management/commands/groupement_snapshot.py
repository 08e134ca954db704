"""`python manage.py groupement_snapshot --date YYYY-MM-DD`: freeze every adherent's counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from preau.groupement import services
from preau.groupement.models import Adherent


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Date invalide « {value} » : attendu AAAA-MM-JJ.") from exc


class Command(BaseCommand):
    help = (
        "Fige les comptes de chaque adhérent à une date de référence. Relancée pour la même "
        "date, la commande ne change rien et affiche les chiffres déjà figés."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", required=True, help="Date de référence (AAAA-MM-JJ).")

    def handle(self, *args: Any, **options: Any) -> None:
        reference = parse_date(options["date"])
        for adherent in Adherent.objects.order_by("legal_name"):
            snapshot, created = services.freeze_snapshot(None, adherent, reference)
            lines = list(snapshot.lines.all())
            state = "figé" if created else "déjà figé, inchangé"
            self.stdout.write(
                f"{adherent.legal_name} — {reference.isoformat()} ({state}) : "
                f"besoin {sum(x.need for x in lines)}, commandés {snapshot.ordered}, "
                f"chargés {sum(x.loaded for x in lines)}, "
                f"activés {sum(x.activated for x in lines)}, actifs {sum(x.active for x in lines)}"
            )
