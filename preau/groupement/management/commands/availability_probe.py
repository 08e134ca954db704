"""`python manage.py availability_probe`: enqueue one availability probe (run it from a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from preau.groupement.tasks import probe_availability


class Command(BaseCommand):
    help = "Met en file une sonde de disponibilité (à lancer toutes les 5 minutes par un minuteur)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = probe_availability.enqueue()
        self.stdout.write(f"Sonde mise en file : {result.id}")
