"""The wide groups' rows: one per structure and profile, created with the structure.

Only the `Group` row is written (its name follows the structure's); members are computed
(`preau.directory.audiences`, ADR 0047). Idempotent: running it twice creates nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from preau.directory.audiences import KIND_OF_STRUCTURE, WIDE_GROUPS
from preau.directory.models import Academie, Circonscription, Collectivite, Group

Structure = Academie | Circonscription | Collectivite
WIDE_STRUCTURES = (Academie, Circonscription, Collectivite)


def ensure_wide_groups(structure: Structure) -> list[Group]:
    """Create or rename the wide groups of an académie, a circonscription or a collectivité."""
    wide = WIDE_GROUPS[KIND_OF_STRUCTURE[type(structure)]]
    scope: dict[str, Any] = {wide.scope: structure}
    with transaction.atomic():
        existing = {
            g.profile: g for g in Group.objects.filter(kind=wide.kind, **scope).order_by("id")
        }
        groups = []
        for profile in wide.profiles:
            name = wide.names[profile].format(name=structure.name)[:200]
            group = existing.get(profile)
            if group is None:
                group = Group.objects.create(kind=wide.kind, profile=profile, name=name, **scope)
            elif group.name != name:
                group.name = name
                group.save(update_fields=["name"])
            groups.append(group)
    return groups


def ensure_all_wide_groups() -> int:
    """Every structure's wide groups (the demo, tests, a database loaded by other means)."""
    count = 0
    for model in WIDE_STRUCTURES:
        for structure in model.objects.all():
            count += len(ensure_wide_groups(structure))
    return count
