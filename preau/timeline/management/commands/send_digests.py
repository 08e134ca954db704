"""`manage.py send_digests [--date YYYY-MM-DD]`: the daily e-mail digest (cron, once a day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from preau.timeline.notifications import send_digests


class Command(BaseCommand):
    help = "Envoie le résumé quotidien des nouveautés (une fois par jour ; sans effet si relancé)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Jour résumé (AAAA-MM-JJ) ; par défaut : hier.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = (
            dt.date.fromisoformat(options["date"])
            if options["date"]
            else timezone.localdate() - dt.timedelta(days=1)
        )
        sent = send_digests(day)
        self.stdout.write(f"{sent} résumé(s) envoyé(s) pour le {day:%d/%m/%Y}.")
