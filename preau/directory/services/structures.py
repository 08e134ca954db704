"""Académies, départements, circonscriptions, collectivités, RPI, écoles and classes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from preau.core.audit import audit
from preau.core.errors import Conflict, InvalidInput
from preau.directory.models import (
    LEVEL_ORDER,
    Academie,
    Circonscription,
    Collectivite,
    Departement,
    Rpi,
    School,
    SchoolClass,
)
from preau.directory.schoolyear import current_school_year
from preau.directory.services._common import (
    apply_changes,
    authorize,
    first_message,
    require_academic,
    require_text,
)
from preau.directory.services.groups import refresh_derived_groups
from preau.directory.services.wide_groups import WIDE_STRUCTURES, ensure_wide_groups
from preau.directory.uai import normalise_uai, validate_uai

MATERNELLE_LEVELS = {"TPS", "PS", "MS", "GS"}


def create_academie(actor: Any, *, code: str, name: str) -> Academie:
    require_academic(actor)
    code = require_text(code, "code", "academie_code_invalid", 20).upper()
    name = require_text(name, "nom", "academie_name_invalid", 150)
    with transaction.atomic():
        if Academie.objects.filter(code=code).exists():
            raise Conflict(f"L'académie « {code} » existe déjà.", code="academie_exists")
        academie = Academie.objects.create(code=code, name=name)
        ensure_wide_groups(academie)
        audit(actor, "directory.academie.created", academie, code=code)
    return academie


def update_academie(actor: Any, academie: Academie, **changes: Any) -> Academie:
    return _update(actor, academie, changes, {"name"}, "directory.academie.updated")


def create_departement(actor: Any, *, academie: Academie, code: str, name: str) -> Departement:
    authorize(actor, "manage", academie)
    code = require_text(code, "numéro", "departement_code_invalid", 3)
    if not code.isdigit():
        raise InvalidInput(
            "Le numéro de département s'écrit avec 3 chiffres (par exemple 044).",
            code="departement_code_invalid",
        )
    code = code.zfill(3)
    with transaction.atomic():
        if Departement.objects.filter(code=code).exists():
            raise Conflict(f"Le département {code} existe déjà.", code="departement_exists")
        departement = Departement.objects.create(
            academie=academie, code=code, name=require_text(name, "nom", "name_invalid", 150)
        )
        audit(actor, "directory.departement.created", departement, code=code)
    return departement


def update_departement(actor: Any, departement: Departement, **changes: Any) -> Departement:
    return _update(actor, departement, changes, {"name"}, "directory.departement.updated")


def create_circonscription(
    actor: Any, *, departement: Departement, code: str, name: str
) -> Circonscription:
    authorize(actor, "manage", departement)
    code = require_text(code, "code", "circonscription_code_invalid", 20)
    with transaction.atomic():
        if Circonscription.objects.filter(code=code).exists():
            raise Conflict(
                f"La circonscription « {code} » existe déjà.", code="circonscription_exists"
            )
        circonscription = Circonscription.objects.create(
            departement=departement, code=code, name=require_text(name, "nom", "name_invalid")
        )
        ensure_wide_groups(circonscription)
        audit(actor, "directory.circonscription.created", circonscription, code=code)
    return circonscription


def update_circonscription(
    actor: Any, circonscription: Circonscription, **changes: Any
) -> Circonscription:
    return _update(actor, circonscription, changes, {"name"}, "directory.circonscription.updated")


def create_collectivite(
    actor: Any,
    *,
    academie: Academie,
    kind: str,
    name: str,
    siren: str = "",
    insee_code: str = "",
) -> Collectivite:
    authorize(actor, "manage", academie)
    if kind not in Collectivite.Kind.values:
        raise InvalidInput("Nature de collectivité inconnue.", code="collectivite_kind_invalid")
    if siren and not (siren.isdigit() and len(siren) == 9):
        raise InvalidInput("Le SIREN compte 9 chiffres.", code="siren_invalid")
    with transaction.atomic():
        collectivite = Collectivite.objects.create(
            academie=academie,
            kind=kind,
            name=require_text(name, "nom", "name_invalid"),
            siren=siren,
            insee_code=insee_code,
        )
        ensure_wide_groups(collectivite)
        audit(actor, "directory.collectivite.created", collectivite, kind=kind)
    return collectivite


def update_collectivite(actor: Any, collectivite: Collectivite, **changes: Any) -> Collectivite:
    allowed = {"name", "siren", "insee_code"}
    return _update(actor, collectivite, changes, allowed, "directory.collectivite.updated")


def create_rpi(actor: Any, *, name: str) -> Rpi:
    require_academic(actor)
    name = require_text(name, "nom", "rpi_name_invalid")
    with transaction.atomic():
        if Rpi.objects.filter(name=name).exists():
            raise Conflict(f"Le RPI « {name} » existe déjà.", code="rpi_exists")
        rpi = Rpi.objects.create(name=name)
        audit(actor, "directory.rpi.created", rpi)
    return rpi


def update_rpi(actor: Any, rpi: Rpi, **changes: Any) -> Rpi:
    return _update(actor, rpi, changes, {"name"}, "directory.rpi.updated")


def clean_uai(value: str) -> str:
    """Normalised UAI, or `InvalidInput(code="uai_invalid")` with the French reason."""
    uai = normalise_uai(value or "")
    try:
        validate_uai(uai)
    except ValidationError as exc:
        raise InvalidInput(first_message(exc), code="uai_invalid") from exc
    return uai


def create_school(
    actor: Any,
    *,
    uai: str,
    name: str,
    sector: str,
    kind: str,
    circonscription: Circonscription,
    collectivite: Collectivite,
    commune: str,
    address: str = "",
    rpi: Rpi | None = None,
) -> School:
    authorize(actor, "manage", circonscription)
    uai = clean_uai(uai)
    if sector not in School.Sector.values:
        raise InvalidInput("Secteur inconnu : public ou privé sous contrat.", code="sector_invalid")
    if kind not in School.Kind.values:
        raise InvalidInput(
            "Type d'école inconnu : maternelle, élémentaire ou primaire.", code="kind_invalid"
        )
    with transaction.atomic():
        if School.objects.filter(uai=uai).exists():
            raise Conflict(f"Une école porte déjà l'UAI {uai}.", code="uai_taken")
        school = School.objects.create(
            uai=uai,
            name=require_text(name, "nom", "school_name_invalid"),
            sector=sector,
            kind=kind,
            circonscription=circonscription,
            collectivite=collectivite,
            commune=require_text(commune, "commune", "commune_invalid", 150),
            address=address,
            rpi=rpi,
        )
        audit(actor, "directory.school.created", school, uai=uai)
        refresh_derived_groups(school)
        from preau.communication.services import apply_default_rules  # communication rules §7.3

        apply_default_rules(school)
    return school


def update_school(actor: Any, school: School, **changes: Any) -> School:
    authorize(actor, "manage", school)
    allowed = {"name", "address", "commune", "pupil_password_rule", "rpi", "collectivite"}
    if "pupil_password_rule" in changes and (
        changes["pupil_password_rule"] not in School.PupilPasswordRule.values
    ):
        raise InvalidInput("Règle de mot de passe inconnue.", code="password_rule_invalid")
    if "name" in changes:
        changes["name"] = require_text(changes["name"], "nom", "school_name_invalid")
    with transaction.atomic():
        changed = apply_changes(school, changes, allowed)
        if changed:
            school.save(update_fields=changed)
            audit(actor, "directory.school.updated", school, fields=changed)
            refresh_derived_groups(school)
    return school


def clean_levels(levels: list[str], school: School) -> list[str]:
    """Known levels, without duplicates, in school order, allowed by the kind of school."""
    if not isinstance(levels, list | tuple) or not levels:
        raise InvalidInput("Une classe a au moins un niveau.", code="levels_invalid")
    wanted = {str(level).strip().upper() for level in levels}
    unknown = sorted(wanted - set(LEVEL_ORDER))
    if unknown:
        raise InvalidInput(
            f"Niveau inconnu : {', '.join(unknown)}. Niveaux possibles : {', '.join(LEVEL_ORDER)}.",
            code="levels_invalid",
        )
    if school.kind == School.Kind.MATERNELLE and wanted - MATERNELLE_LEVELS:
        raise InvalidInput(
            "Une école maternelle n'accueille que les niveaux TPS à GS.", code="levels_invalid"
        )
    if school.kind == School.Kind.ELEMENTAIRE and wanted & MATERNELLE_LEVELS:
        raise InvalidInput(
            "Une école élémentaire n'accueille que les niveaux CP à CM2.", code="levels_invalid"
        )
    return [level for level in LEVEL_ORDER if level in wanted]


def create_class(
    actor: Any, *, school: School, name: str, levels: list[str], school_year: int | None = None
) -> SchoolClass:
    authorize(actor, "manage", school)
    name = require_text(name, "nom de la classe", "class_name_invalid", 100)
    year = school_year or current_school_year()
    clean = clean_levels(levels, school)
    with transaction.atomic():
        if SchoolClass.objects.filter(school=school, school_year=year, name=name).exists():
            raise Conflict(
                f"La classe « {name} » existe déjà pour cette année scolaire.",
                code="class_name_taken",
            )
        school_class = SchoolClass.objects.create(
            school=school, school_year=year, name=name, levels=clean
        )
        audit(actor, "directory.class.created", school_class, name=name, levels=clean)
        refresh_derived_groups(school)
    return school_class


def update_class(actor: Any, school_class: SchoolClass, **changes: Any) -> SchoolClass:
    authorize(actor, "manage", school_class)
    if "levels" in changes:
        changes["levels"] = clean_levels(changes["levels"], school_class.school)
    if "name" in changes:
        changes["name"] = require_text(changes["name"], "nom de la classe", "class_name_invalid")
        taken = SchoolClass.objects.filter(
            school_id=school_class.school_id,
            school_year=school_class.school_year,
            name=changes["name"],
        ).exclude(pk=school_class.pk)
        if taken.exists():
            raise Conflict(
                f"La classe « {changes['name']} » existe déjà pour cette année scolaire.",
                code="class_name_taken",
            )
    with transaction.atomic():
        changed = apply_changes(school_class, changes, {"name", "levels"})
        if changed:
            school_class.save(update_fields=changed)
            audit(actor, "directory.class.updated", school_class, fields=changed)
            refresh_derived_groups(school_class.school)
    return school_class


def _update(actor: Any, obj: Any, changes: dict[str, Any], allowed: set[str], action: str) -> Any:
    authorize(actor, "manage", obj)
    if "name" in changes:
        changes["name"] = require_text(changes["name"], "nom", "name_invalid")
    with transaction.atomic():
        changed = apply_changes(obj, changes, allowed)
        if changed:
            obj.save(update_fields=changed)
            if "name" in changed and isinstance(obj, WIDE_STRUCTURES):
                ensure_wide_groups(obj)  # the wide groups' names follow the structure's
            audit(actor, action, obj, fields=changed)
    return obj
