"""Who can write to whom in a school, in plain French, from its rules (the director's screen)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from preau.communication import catalogue as c
from preau.communication.models import CommunicationRule
from preau.directory.models import School, SchoolClass


@dataclass(frozen=True)
class SenderLine:
    sender: str
    reaches: list[str]


@dataclass(frozen=True)
class ToggleState:
    code: str
    label: str
    enabled: bool
    default: bool
    class_overrides: int


def school_toggles(school: School) -> list[ToggleState]:
    """The school's toggles with their state and how many classes override them (1 query)."""
    values: dict[str, bool] = {}
    overrides: dict[str, int] = {}
    for class_id, code, enabled in CommunicationRule.objects.filter(school=school).values_list(
        "school_class_id", "code", "enabled"
    ):
        if class_id is None:
            values[code] = enabled
        else:
            overrides[code] = overrides.get(code, 0) + 1
    return [
        ToggleState(
            t.code, t.label, values.get(t.code, t.default), t.default, overrides.get(t.code, 0)
        )
        for t in c.TOGGLES
    ]


def describe(toggles: list[ToggleState]) -> list[SenderLine]:
    on = {t.code for t in toggles if t.enabled}

    def when(code: str, text: str) -> list[str]:
        return [text] if code in on else []

    teachers_parents = (
        "aux parents de leurs classes seulement"
        if c.TEACHERS_OWN_PARENTS_ONLY in on
        else "à tous les parents de l'école"
    )
    return [
        SenderLine(
            "Les élèves (à partir du CP ; pas de messagerie en maternelle)",
            [
                "à leurs camarades de classe",
                "aux enseignants et aux personnels de leur classe",
                "à leurs propres parents",
                *when(c.PUPILS_TO_DIRECTOR, "au directeur ou à la directrice"),
                *when(c.PARENTS_TO_PUPILS, "aux parents des élèves de leur classe"),
            ],
        ),
        SenderLine(
            "Les parents",
            [
                "à leurs enfants",
                "aux enseignants de leurs enfants",
                "au directeur ou à la directrice",
                *when(c.PARENTS_TO_PARENTS, "aux autres parents de la classe"),
                *when(c.PARENTS_TO_PUPILS, "aux autres élèves de la classe"),
                *when(c.PARENTS_TO_PERSONNEL, "aux personnels attachés à la classe"),
            ],
        ),
        SenderLine(
            "Les enseignants",
            [
                "aux élèves, enseignants, personnels et invités de l'école",
                teachers_parents,
                "au directeur ou à la directrice",
                "à l'inspection de la circonscription (IEN, CPC, ERUN)",
                *when(c.COLLECTIVITE_TO_TEACHERS, "aux représentants de la collectivité"),
            ],
        ),
        SenderLine(
            "Le directeur ou la directrice",
            [
                "à toute l'école, personne par personne ou par groupe",
                "à l'inspection de la circonscription",
                "aux représentants de la collectivité",
                *when(
                    c.DIRECTORS_TO_DIRECTORS,
                    "aux autres directeurs de la circonscription et du RPI",
                ),
            ],
        ),
        SenderLine(
            "Les personnels (ATSEM, agents, AESH…)",
            [
                "aux enseignants, aux personnels et au directeur de l'école",
                *when(c.PARENTS_TO_PERSONNEL, "aux parents des classes où ils interviennent"),
                *when(c.PERSONNEL_TO_PUPILS, "aux élèves des classes où ils interviennent"),
            ],
        ),
        SenderLine(
            "Les invités et partenaires",
            [
                "aux enseignants et au directeur de l'école",
                *when(c.GUESTS_TO_FAMILIES, "aux élèves et aux parents de l'école"),
            ],
        ),
        SenderLine(
            "L'inspection et la collectivité",
            [
                "l'inspection : aux enseignants et directeurs de la circonscription,"
                " jamais aux familles",
                "la collectivité : aux directeurs de ses écoles"
                + (" et à leurs enseignants" if c.COLLECTIVITE_TO_TEACHERS in on else ""),
            ],
        ),
    ]


@dataclass(frozen=True)
class ClassToggleState:
    code: str
    label: str
    school_value: bool
    override: bool | None

    @property
    def choice(self) -> str:
        return {None: "ecole", True: "on", False: "off"}[self.override]


def class_toggles(school_class: SchoolClass) -> list[ClassToggleState]:
    """The per-class toggles of a class: the school's value and the class override (1 query)."""
    rows = CommunicationRule.objects.filter(school_id=school_class.school_id).filter(
        Q(school_class__isnull=True) | Q(school_class=school_class)
    )
    school: dict[str, bool] = {}
    override: dict[str, bool] = {}
    for class_id, code, enabled in rows.values_list("school_class_id", "code", "enabled"):
        (school if class_id is None else override)[code] = enabled
    return [
        ClassToggleState(t.code, t.label, school.get(t.code, t.default), override.get(t.code))
        for t in c.CLASS_TOGGLES
    ]
