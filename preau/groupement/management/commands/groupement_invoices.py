"""`python manage.py groupement_invoices --year YYYY`: the year's invoice statement per adherent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from preau.groupement import services
from preau.groupement.documents import euros
from preau.groupement.errors import SnapshotMissing
from preau.groupement.models import Adherent


class Command(BaseCommand):
    help = (
        "Établit l'état de facturation annuel de chaque adhérent à partir de son dernier relevé "
        "figé de l'année (un seul état par adhérent et par année)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True, help="Année (AAAA).")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        for adherent in Adherent.objects.order_by("legal_name"):
            try:
                invoice, created = services.issue_invoice(None, adherent, year)
            except SnapshotMissing:
                self.stdout.write(f"{adherent.legal_name} : aucun relevé figé en {year}, ignoré.")
                continue
            state = "établi" if created else "déjà établi"
            self.stdout.write(
                f"{adherent.legal_name} : {invoice.number} ({state}), {invoice.accounts} comptes, "
                f"{euros(invoice.total_ttc_cents)} TTC"
            )
