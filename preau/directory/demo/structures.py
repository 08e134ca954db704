"""Seed the demo académie's structures through the services, looking up natural keys first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from preau.directory import services
from preau.directory.demo.data import (
    ACADEMIE,
    CIRCONSCRIPTIONS,
    COLLECTIVITES,
    DEPARTEMENTS,
    RPI_NAME,
    SCHOOLS,
)
from preau.directory.models import (
    Academie,
    Circonscription,
    Collectivite,
    Departement,
    Rpi,
    School,
    SchoolClass,
)


@dataclass
class Structures:
    academie: Academie
    departements: dict[str, Departement] = field(default_factory=dict)
    circonscriptions: dict[str, Circonscription] = field(default_factory=dict)
    collectivites: dict[str, Collectivite] = field(default_factory=dict)
    rpi: Rpi | None = None
    schools: dict[str, School] = field(default_factory=dict)
    classes: dict[tuple[str, str], SchoolClass] = field(default_factory=dict)


class Log:
    """What the seed did, for the person running it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.created = 0
        self.present = 0

    def created_(self, what: str) -> None:
        self.created += 1
        self.lines.append(f"créé : {what}")

    def present_(self, what: str) -> None:
        self.present += 1
        self.lines.append(f"déjà présent : {what}")


def _get_or_make(log: Log, label: str, existing: Any, make: Any) -> Any:
    if existing is not None:
        log.present_(label)
        return existing
    obj = make()
    log.created_(label)
    return obj


def seed_structures(log: Log, school_year: int) -> Structures:
    code, name = ACADEMIE
    academie = _get_or_make(
        log,
        f"académie de {name}",
        Academie.objects.filter(code=code).first(),
        lambda: services.create_academie(None, code=code, name=name),
    )
    st = Structures(academie=academie)
    for dep_code, dep_name in DEPARTEMENTS:
        st.departements[dep_code] = _get_or_make(
            log,
            f"département {dep_name}",
            Departement.objects.filter(code=dep_code).first(),
            lambda c=dep_code, n=dep_name: services.create_departement(
                None, academie=academie, code=c, name=n
            ),
        )
    for circ_code, dep_code, circ_name in CIRCONSCRIPTIONS:
        st.circonscriptions[circ_code] = _get_or_make(
            log,
            circ_name,
            Circonscription.objects.filter(code=circ_code).first(),
            lambda c=circ_code, d=dep_code, n=circ_name: services.create_circonscription(
                None, departement=st.departements[d], code=c, name=n
            ),
        )
    for key, kind, coll_name, siren, insee in COLLECTIVITES:
        st.collectivites[key] = _get_or_make(
            log,
            coll_name,
            Collectivite.objects.filter(academie=academie, name=coll_name).first(),
            lambda k=kind, n=coll_name, s=siren, i=insee: services.create_collectivite(
                None, academie=academie, kind=k, name=n, siren=s, insee_code=i
            ),
        )
    st.rpi = _get_or_make(
        log,
        RPI_NAME,
        Rpi.objects.filter(name=RPI_NAME).first(),
        lambda: services.create_rpi(None, name=RPI_NAME),
    )
    _seed_schools(log, st, school_year)
    return st


def _seed_schools(log: Log, st: Structures, school_year: int) -> None:
    existing = {s.uai: s for s in School.objects.filter(uai__in=[s.uai for s in SCHOOLS])}
    classes = {
        (c.school.uai, c.name): c
        for c in SchoolClass.objects.filter(
            school__uai__in=[s.uai for s in SCHOOLS], school_year=school_year
        ).select_related("school")
    }
    for spec in SCHOOLS:
        school = _get_or_make(
            log,
            f"{spec.name} ({spec.uai})",
            existing.get(spec.uai),
            lambda spec=spec: services.create_school(
                None,
                uai=spec.uai,
                name=spec.name,
                sector=spec.sector,
                kind=spec.kind,
                circonscription=st.circonscriptions[spec.circonscription],
                collectivite=st.collectivites[spec.collectivite],
                commune=spec.commune,
                address=spec.address,
                rpi=st.rpi if spec.rpi else None,
            ),
        )
        st.schools[spec.key] = school
        for class_name, levels in spec.classes:
            st.classes[(spec.key, class_name)] = _get_or_make(
                log,
                f"classe {class_name} de {spec.name}",
                classes.get((spec.uai, class_name)),
                lambda s=school, n=class_name, lv=levels: services.create_class(
                    None, school=s, name=n, levels=list(lv), school_year=school_year
                ),
            )
