"""Generated people of a population unit (a school, or the two schools of the RPI):
teachers, directors, ATSEM, partners, and families with siblings and separated parents."""

from __future__ import annotations

import datetime
import random

from preau.directory.demo.data import (
    ADULT_FIRST_NAMES_F,
    ADULT_FIRST_NAMES_M,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    LAST_NAMES,
    MAIN,
    PARTNERS,
    SCHOOLS,
)
from preau.directory.demo.roster import Roster
from preau.directory.demo.structures import Structures
from preau.directory.models import LEVEL_ORDER, SchoolClass

CYCLE_1 = {"TPS", "PS", "MS", "GS"}
# Classes of the main school whose staff are demo accounts (added by demo.accounts).
DEMO_TEACHER_CLASS = "CE1-CE2"
DEMO_ATSEM_CLASS = "PS-MS"


def birth_date(rng: random.Random, level: str, school_year: int) -> datetime.date:
    """A pupil's birth date consistent with the level (PS: 3 in the calendar year of rentrée)."""
    age = LEVEL_ORDER.index(level) + 2
    return datetime.date(school_year - age, rng.randint(1, 12), rng.randint(1, 28))


def adult(rng: random.Random, female: bool) -> str:
    return rng.choice(ADULT_FIRST_NAMES_F if female else ADULT_FIRST_NAMES_M)


def add_staff(rng: random.Random, st: Structures, unit: tuple[str, ...], roster: Roster) -> None:
    for spec in (s for s in SCHOOLS if s.key in unit):
        school = st.schools[spec.key]
        teachers = []
        for class_name, levels in spec.classes:
            school_class = st.classes[(spec.key, class_name)]
            if not (spec.key == MAIN and class_name == DEMO_TEACHER_CLASS):
                teacher = roster.person(adult(rng, rng.random() < 0.8), rng.choice(LAST_NAMES))
                roster.member(teacher, school_class, "enseignant")
                teachers.append(teacher)
            if CYCLE_1 & set(levels) and not (spec.key == MAIN and class_name == DEMO_ATSEM_CLASS):
                atsem = roster.person(adult(rng, True), rng.choice(LAST_NAMES))
                roster.profile(atsem, "personnel", school=school, personnel_kind="atsem")
                roster.member(atsem, school_class, "personnel")
        if spec.key != MAIN:  # demo.directeur runs the main school
            roster.function(teachers[-1], "directeur", school=school)
            roster.function(teachers[-1], "admin_local", school=school)
    if MAIN in unit:
        agent = roster.person("Patrick", "Bouyer")
        roster.profile(agent, "personnel", school=st.schools[MAIN], personnel_kind="agent")
    for school_key, first, last, title in PARTNERS:
        if school_key in unit:
            partner = roster.person(first, last)
            roster.profile(partner, "invite", school=st.schools[school_key], title=title)


def pupil_slots(
    rng: random.Random, st: Structures, unit: tuple[str, ...]
) -> list[tuple[SchoolClass, str]]:
    slots: list[tuple[SchoolClass, str]] = []
    for spec in (s for s in SCHOOLS if s.key in unit):
        for class_name, levels in spec.classes:
            size = rng.randint(20, 25) if CYCLE_1 & set(levels) else rng.randint(18, 24)
            slots.extend(
                (st.classes[(spec.key, class_name)], levels[i % len(levels)]) for i in range(size)
            )
    rng.shuffle(slots)
    return slots


def group_siblings(
    rng: random.Random, slots: list[tuple[SchoolClass, str]]
) -> list[list[tuple[SchoolClass, str]]]:
    """Families of 1 to 3 children, never two in the same class; in the RPI, siblings are
    often in the two villages' schools."""
    families: list[list[tuple[SchoolClass, str]]] = []
    remaining = list(slots)
    while remaining:
        family = [remaining.pop()]
        wanted = 1 + (rng.random() < 0.28) + (rng.random() < 0.06)
        for _ in range(wanted - 1):
            taken = {c.pk for c, _ in family}
            other_school = [
                i for i, (c, _) in enumerate(remaining) if c.school_id != family[0][0].school_id
            ]
            candidates = other_school or [
                i for i, (c, _) in enumerate(remaining) if c.pk not in taken
            ]
            if not candidates:
                break
            family.append(remaining.pop(candidates[0]))
        families.append(family)
    return families


def add_families(
    rng: random.Random,
    st: Structures,
    unit: tuple[str, ...],
    roster: Roster,
    school_year: int,
) -> None:
    for family in group_siblings(rng, pupil_slots(rng, st, unit)):
        surname = rng.choice(LAST_NAMES)
        children = []
        for school_class, level in family:
            female = rng.random() < 0.5
            first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
            child = roster.person(first, surname, birth_date=birth_date(rng, level, school_year))
            roster.member(child, school_class, "eleve", level)
            children.append(child)
        add_parents(rng, roster, surname, children)


def add_parents(rng: random.Random, roster: Roster, surname: str, children: list[int]) -> None:
    """Usually two responsables; separated parents keep their own names and accounts; some
    mothers use their spouse's name as usage name (logins follow the usage name)."""
    draw = rng.random()
    father = roster.person(adult(rng, False), surname) if draw < 0.93 else None
    maiden = rng.choice(LAST_NAMES)
    separated = draw < 0.2
    if draw >= 0.88 and father is not None:
        mother = None  # single father
    elif separated:
        mother = roster.person(adult(rng, True), maiden)
    else:
        married_name = rng.random() < 0.6
        mother = roster.person(
            adult(rng, True),
            maiden if married_name else surname,
            usage_name=surname if married_name else "",
        )
    for child in children:
        if mother is not None:
            roster.link(mother, child, "mere")
        if father is not None:
            roster.link(father, child, "pere")
