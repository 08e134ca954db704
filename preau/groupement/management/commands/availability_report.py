"""`python manage.py availability_report --month YYYY-MM`: the month's availability vs the CCTP."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from preau.groupement import services


class Command(BaseCommand):
    help = "Rapport mensuel de disponibilité comparé au seuil du CCTP."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--month", required=True, help="Mois (AAAA-MM).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year, month = (int(part) for part in options["month"].split("-"))
            if not 1 <= month <= 12:
                raise ValueError
        except ValueError as exc:
            raise CommandError(f"Mois invalide « {options['month']} » : attendu AAAA-MM.") from exc
        report = services.monthly_availability(year, month)
        self.stdout.write(f"Disponibilité {year:04d}-{month:02d}")
        self.stdout.write(f"Sondes : {report.probes} dont {report.up} en service")
        self.stdout.write(f"Seuil du CCTP : {report.threshold} %")
        if report.percent is None:
            self.stdout.write("Aucune mesure ce mois-ci : disponibilité non calculable.")
            return
        verdict = "conforme" if report.meets_threshold else "NON CONFORME"
        self.stdout.write(f"Disponibilité mesurée : {report.percent} % — {verdict}")
