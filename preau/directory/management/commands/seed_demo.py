"""`python manage.py seed_demo`: load the demo académie (never in production)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from preau.directory.demo import SeedRefused, demo_accounts_table, seed_demo
from preau.groupement.demo import seed_groupement_demo
from preau.liaison.demo import seed_liaison_demo
from preau.news.demo import seed_news_demo


class Command(BaseCommand):
    help = "Charge l'académie de démonstration (idempotent ; refusé en production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-table", action="store_true", help="Ne pas lister les comptes.")
        parser.add_argument("--verbose-log", action="store_true", help="Détailler chaque élément.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = seed_demo()
        except SeedRefused as exc:
            raise CommandError(str(exc)) from exc
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        seed_groupement_demo()
        seed_liaison_demo()
        seed_news_demo()
        if options["verbose_log"]:
            for line in report.lines:
                self.stdout.write(line)
        if report.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Démonstration chargée : {report.created} éléments créés, "
                    f"{report.present} déjà présents ({report.seconds:.1f} s)."
                )
            )
        else:
            self.stdout.write(
                f"Démonstration déjà présente : rien à faire ({report.present} éléments vérifiés)."
            )
        if not options["quiet_table"]:
            self.stdout.write("\nComptes de démonstration :\n" + demo_accounts_table())
