"""Schools met in imports: an ONDE import may create its school when asked (`--create-school`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from preau.core.errors import InvalidInput, NotFound
from preau.directory.models import Circonscription, Collectivite, Departement, School
from preau.directory.services import clean_uai, create_school

PLACEHOLDER = "à préciser"


def school_for_import(uai: str, create_name: str | None = None, actor: Any = None) -> School:
    """The school with this UAI; created (attached to placeholder circonscription and
    collectivité of its département, to be corrected by an administrator) when `create_name`."""
    uai = clean_uai(uai)
    school = School.objects.filter(uai=uai).first()
    if school is not None:
        return school
    if not create_name:
        raise NotFound(
            f"Aucune école ne porte l'UAI {uai}. Vérifiez l'UAI, ou ajoutez --create-school "
            '"Nom de l\'école" pour la créer.',
            code="unknown_uai",
        )
    departement = Departement.objects.filter(code=uai[:3]).select_related("academie").first()
    if departement is None:
        raise InvalidInput(
            f"Le département {uai[:3]} de l'UAI {uai} n'existe pas dans Préau : créez-le d'abord.",
            code="unknown_departement",
        )
    with transaction.atomic():
        circonscription, _ = Circonscription.objects.get_or_create(
            code=f"{departement.code}-APRECISER",
            defaults={
                "departement": departement,
                "name": f"Circonscription {PLACEHOLDER} ({departement.name})",
            },
        )
        collectivite, _ = Collectivite.objects.get_or_create(
            academie=departement.academie,
            kind=Collectivite.Kind.COMMUNE,
            name=f"Collectivité {PLACEHOLDER} ({departement.name})",
        )
        return create_school(
            actor,
            uai=uai,
            name=create_name,
            sector=School.Sector.PUBLIC,
            kind=School.Kind.PRIMAIRE,
            circonscription=circonscription,
            collectivite=collectivite,
            commune=PLACEHOLDER.capitalize(),
        )
