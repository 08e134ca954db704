"""The demo académie de Nantes: deterministic, idempotent, fast. Entry point: `seed_demo()`."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from preau.directory import services
from preau.directory.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo_accounts
from preau.directory.demo.data import UNITS
from preau.directory.demo.population import add_families, add_staff
from preau.directory.demo.roster import Roster
from preau.directory.demo.structures import Log, Structures, seed_structures
from preau.directory.models import ClassMembership
from preau.directory.schoolyear import current_school_year


class SeedRefused(Exception):
    pass


@dataclass(frozen=True)
class SeedReport:
    lines: list[str]
    created: int
    present: int
    seconds: float


def seed_demo(school_year: int | None = None) -> SeedReport:
    if settings.PREAU_ENV == "production":
        raise SeedRefused(
            "La démonstration ne se charge pas en production (PREAU_ENV=production) : "
            "elle créerait des comptes au mot de passe connu."
        )
    started = time.monotonic()
    year = school_year or current_school_year()
    log = Log()
    with transaction.atomic():
        st = seed_structures(log, year)
        for unit in UNITS:
            seed_unit(log, st, unit, year)
        seed_demo_accounts(log, st, year)
        if log.created:
            for school in st.schools.values():
                services.refresh_derived_groups(school)
    return SeedReport(log.lines, log.created, log.present, time.monotonic() - started)


def seed_unit(log: Log, st: Structures, unit: tuple[str, ...], year: int) -> None:
    """Populate a unit once: if any of its classes of the year has members, it is present."""
    label = " + ".join(st.schools[key].name for key in unit)
    populated = ClassMembership.objects.filter(
        school_class__school__in=[st.schools[key] for key in unit],
        school_class__school_year=year,
    ).exists()
    if populated:
        log.present_(f"personnes de {label}")
        return
    rng = random.Random(f"preau-demo:{':'.join(unit)}:{year}")  # noqa: S311 (not security)
    roster = Roster()
    add_staff(rng, st, unit, roster)
    add_families(rng, st, unit, roster, year)
    users = roster.save()
    log.created_(f"{len(users)} personnes de {label}")


def demo_accounts_table() -> str:
    width = max(len(a.login) for a in DEMO_ACCOUNTS)
    lines = [f"{'Identifiant'.ljust(width)}  Mot de passe  Qui"]
    lines += [f"{a.login.ljust(width)}  {DEMO_PASSWORD:<12}  {a.role}" for a in DEMO_ACCOUNTS]
    return "\n".join(lines)


__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "SeedRefused", "demo_accounts_table", "seed_demo"]
