"""The groupement de commandes, its convention and the mandataires that represent adherents."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from preau.directory.models import Academie
from preau.groupement.calendar import ContractCalendar


class Groupement(models.Model):
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("dénomination", max_length=300)
    short_name = models.CharField("nom court", max_length=100)
    convention_reference = models.CharField("référence de la convention", max_length=50)
    legal_bases = models.TextField("fondements juridiques")
    coordinator = models.CharField("coordonnateur", max_length=200)
    adhesion_deadline = models.DateField("date limite d'adhésion")
    effective_date = models.DateField("entrée en vigueur")
    first_period_months = models.PositiveSmallIntegerField("première période (mois)", default=24)
    renewal_months = models.PositiveSmallIntegerField("reconduction tacite (mois)", default=24)
    end_date = models.DateField("fin de la convention")
    price_weight = models.PositiveSmallIntegerField("poids du critère prix (%)", default=40)
    quality_weight = models.PositiveSmallIntegerField("poids du critère qualité (%)", default=60)

    class Meta:
        verbose_name = "groupement de commandes"
        verbose_name_plural = "groupements de commandes"
        constraints = [
            models.CheckConstraint(
                name="award_weights_sum_to_100",
                condition=models.Q(price_weight__lte=100)
                & models.Q(quality_weight=100 - models.F("price_weight")),
            )
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def calendar(self) -> ContractCalendar:
        return ContractCalendar(
            deadline=self.adhesion_deadline,
            effective=self.effective_date,
            first_period_months=self.first_period_months,
            renewal_months=self.renewal_months,
        )

    def is_late(self, received_on: dt.date | None) -> bool:
        return received_on is not None and received_on > self.adhesion_deadline


class Mandataire(models.Model):
    """A management provider (e-Collectivités) acting for the adherents it represents."""

    name = models.CharField("nom", max_length=200, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="groupement_mandataires"
    )

    class Meta:
        verbose_name = "mandataire"

    def __str__(self) -> str:
        return self.name
