"""Enqueue periodic jobs when due: `manage.py run_scheduler [--once] [--tick SECONDS]`."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from preau.core.scheduling import registered_jobs, run_due


class Command(BaseCommand):
    help = "Met en file les tâches périodiques à leur échéance (une seule fois par créneau)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Un seul passage, puis sortie.")
        parser.add_argument("--tick", type=float, default=20.0, help="Secondes entre passages.")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = registered_jobs()
        self.stdout.write("Tâches périodiques : " + ", ".join(job.name for job in jobs))
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            close_old_connections()
            for name in run_due(jobs=jobs):
                self.stdout.write(f"Mise en file : {name}")
            if options["once"] or stopping:
                return
            deadline = time.monotonic() + options["tick"]
            while not stopping and time.monotonic() < deadline:
                time.sleep(0.5)
