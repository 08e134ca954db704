"""Structures: académie → département → circonscription; collectivités → écoles (UAI) → classes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from preau.directory.uai import UAI_PATTERN, validate_uai_format


class Academie(models.Model):
    code = models.CharField("code", max_length=20, unique=True)  # e.g. NANTES (AAF prefix)
    name = models.CharField("nom", max_length=150)

    class Meta:
        verbose_name = "académie"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Académie de {self.name}"


class Departement(models.Model):
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="departements")
    code = models.CharField("numéro", max_length=3, unique=True)  # "044"
    name = models.CharField("nom", max_length=150)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code.lstrip('0')})"


class Circonscription(models.Model):
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="circonscriptions"
    )
    code = models.CharField("code", max_length=20, unique=True)
    name = models.CharField("nom", max_length=150)

    class Meta:
        verbose_name = "circonscription"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Collectivite(models.Model):
    """A body that owns school buildings and pays for the ENT (the groupement's adhérent)."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", "Commune"
        EPCI = "epci", "EPCI / communauté de communes"
        SYNDICAT = "syndicat_mixte", "Syndicat mixte ou intercommunal"
        ORGANISME_GESTION = "organisme_gestion", "Organisme de gestion (enseignement privé)"
        RECTORAT = "rectorat", "Rectorat"

    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="collectivites")
    kind = models.CharField("nature", max_length=30, choices=Kind.choices)
    name = models.CharField("nom", max_length=200)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    insee_code = models.CharField("code INSEE", max_length=5, blank=True)

    class Meta:
        verbose_name = "collectivité"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Rpi(models.Model):
    """Regroupement pédagogique intercommunal: several small schools sharing their levels."""

    name = models.CharField("nom", max_length=200, unique=True)

    class Meta:
        verbose_name = "RPI"
        verbose_name_plural = "RPI"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Sector(models.TextChoices):
        PUBLIC = "public", "Public"
        PRIVATE = "prive_sous_contrat", "Privé sous contrat"

    class Kind(models.TextChoices):
        MATERNELLE = "maternelle", "École maternelle"
        ELEMENTAIRE = "elementaire", "École élémentaire"
        PRIMAIRE = "primaire", "École primaire"

    class PupilPasswordRule(models.TextChoices):
        SIMPLE = "simple", "Simple : 6 caractères au moins (élèves de maternelle et de CP)"
        STANDARD = "standard", "Standard : 8 caractères au moins"

    uai = models.CharField(
        "UAI", max_length=8, unique=True, validators=[validate_uai_format], help_text=UAI_PATTERN
    )
    name = models.CharField("nom", max_length=200)
    sector = models.CharField("secteur", max_length=30, choices=Sector.choices)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    circonscription = models.ForeignKey(
        Circonscription, on_delete=models.PROTECT, related_name="schools"
    )
    collectivite = models.ForeignKey(
        Collectivite,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name="collectivité de rattachement",
    )
    commune = models.CharField("commune", max_length=150)
    address = models.CharField("adresse", max_length=300, blank=True)
    rpi = models.ForeignKey(
        Rpi, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    pupil_password_rule = models.CharField(
        "règle de mot de passe des élèves",
        max_length=20,
        choices=PupilPasswordRule.choices,
        default=PupilPasswordRule.SIMPLE,
    )

    class Meta:
        verbose_name = "école"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.uai})"


class Level(models.TextChoices):
    TPS = "TPS", "Toute petite section"
    PS = "PS", "Petite section"
    MS = "MS", "Moyenne section"
    GS = "GS", "Grande section"
    CP = "CP", "CP"
    CE1 = "CE1", "CE1"
    CE2 = "CE2", "CE2"
    CM1 = "CM1", "CM1"
    CM2 = "CM2", "CM2"


LEVEL_ORDER = [level.value for level in Level]
CYCLE_BY_LEVEL = {
    "TPS": 1,
    "PS": 1,
    "MS": 1,
    "GS": 1,
    "CP": 2,
    "CE1": 2,
    "CE2": 2,
    "CM1": 3,
    "CM2": 3,
}
CYCLE_1_LEVELS = tuple(level for level in LEVEL_ORDER if CYCLE_BY_LEVEL[level] == 1)


def validate_levels(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Une classe a au moins un niveau.")
    unknown = [level for level in value if level not in LEVEL_ORDER]
    if unknown:
        raise ValidationError(f"Niveau inconnu : {', '.join(map(str, unknown))}.")


class SchoolClass(models.Model):
    """A class for one school year. The name is free text; the levels are a set (cours doubles)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes")
    school_year = models.PositiveSmallIntegerField(
        "année scolaire (année de rentrée)", db_index=True
    )
    name = models.CharField("nom", max_length=100)
    levels = models.JSONField("niveaux", default=list, validators=[validate_levels])
    archived_at = models.DateTimeField("archivée le", null=True, blank=True)

    class Meta:
        verbose_name = "classe"
        ordering = ["school_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="unique_class_name_per_school_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school_year}-{self.school_year + 1})"

    @property
    def year_label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"

    @property
    def cycles(self) -> set[int]:
        return {CYCLE_BY_LEVEL[level] for level in self.levels}
