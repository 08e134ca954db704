"""Test and demo factories for the groupement. Call them as `XFactory.create(...)`."""

from __future__ import annotations

import datetime as dt

import factory

from preau.directory.factories import AcademieFactory
from preau.groupement.identifiers import with_luhn_key
from preau.groupement.models import Adherent, AdhesionFile, Groupement, Mandataire

LEGAL_BASES = (
    "Code général des collectivités territoriales ; Code de l'éducation ; Schéma directeur des "
    "espaces numériques de travail (SDET, version 2025) ; Code de la commande publique, "
    "articles L2113-6 à L2113-8."
)


class GroupementFactory(factory.django.DjangoModelFactory[Groupement]):
    class Meta:
        model = Groupement

    academie = factory.SubFactory(AcademieFactory)
    name = (
        "Environnement Numérique de Travail des écoles de l'Académie de Nantes, "
        "ENT 1er degré e-primo"
    )
    short_name = "e-primo"
    convention_reference = "CONV_2026_006"
    legal_bases = LEGAL_BASES
    coordinator = "Rectorat de l'académie de Nantes"
    adhesion_deadline = dt.date(2026, 1, 24)
    effective_date = dt.date(2026, 7, 19)
    end_date = dt.date(2030, 7, 19)


class MandataireFactory(factory.django.DjangoModelFactory[Mandataire]):
    class Meta:
        model = Mandataire
        django_get_or_create = ("name",)

    name = "e-Collectivités"


class AdherentFactory(factory.django.DjangoModelFactory[Adherent]):
    class Meta:
        model = Adherent
        skip_postgeneration_save = True

    groupement = factory.SubFactory(GroupementFactory)
    kind = Adherent.Kind.COMMUNE
    legal_name = factory.Sequence(lambda n: f"Commune n° {n}")
    siren = factory.Sequence(lambda n: with_luhn_key(f"2144{n:04d}"))
    chorus_service_code = "SERVICE-ENT"

    @factory.post_generation
    def adhesion_file(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            AdhesionFile.objects.get_or_create(adherent=self)
