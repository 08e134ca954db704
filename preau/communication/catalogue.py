"""The school toggles of rules.md §7.3 ("off by default" column), as a fixed catalogue.

The links that are always on (a parent reaches their child's teachers…) are code in `reach.py`;
the toggles here are stored per school (`CommunicationRule` without class) and, for the ones
marked `per_class`, overridable per class by its teacher. Codes are stable: they are stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from preau.directory.models import CYCLE_1_LEVELS as _CYCLE_1_LEVELS


@dataclass(frozen=True)
class Toggle:
    code: str
    label: str
    default: bool
    per_class: bool


PUPILS_TO_DIRECTOR = "eleves_directeur"
PARENTS_TO_PARENTS = "parents_parents"
PARENTS_TO_PUPILS = "parents_eleves"
PARENTS_TO_PERSONNEL = "parents_personnels"
PERSONNEL_TO_PUPILS = "personnels_eleves"
TEACHERS_OWN_PARENTS_ONLY = "enseignants_parents_de_leurs_classes"
DIRECTORS_TO_DIRECTORS = "directeurs_circonscription"
GUESTS_TO_FAMILIES = "invites_familles"
COLLECTIVITE_TO_TEACHERS = "collectivite_enseignants"

TOGGLES: tuple[Toggle, ...] = (
    Toggle(
        PUPILS_TO_DIRECTOR, "Les élèves peuvent écrire au directeur ou à la directrice", False, True
    ),
    Toggle(PARENTS_TO_PARENTS, "Les parents d'une classe peuvent s'écrire entre eux", False, True),
    Toggle(
        PARENTS_TO_PUPILS,
        "Les parents et les élèves d'une même classe peuvent s'écrire",
        False,
        True,
    ),
    Toggle(
        PARENTS_TO_PERSONNEL,
        "Les parents et les personnels attachés à la classe (ATSEM, AESH…) peuvent s'écrire",
        False,
        True,
    ),
    Toggle(
        PERSONNEL_TO_PUPILS,
        "Les personnels attachés à une classe peuvent écrire à ses élèves",
        False,
        True,
    ),
    Toggle(
        TEACHERS_OWN_PARENTS_ONLY,
        "Les enseignants n'écrivent qu'aux parents de leurs propres classes",
        False,
        False,
    ),
    Toggle(
        DIRECTORS_TO_DIRECTORS,
        "Le directeur peut écrire aux autres directeurs de la circonscription et du RPI",
        False,
        False,
    ),
    Toggle(
        GUESTS_TO_FAMILIES,
        "Les invités et partenaires peuvent écrire aux élèves et aux parents",
        False,
        False,
    ),
    Toggle(
        COLLECTIVITE_TO_TEACHERS,
        "Les représentants de la collectivité et les enseignants peuvent s'écrire",
        False,
        False,
    ),
)
TOGGLES_BY_CODE = {t.code: t for t in TOGGLES}
CLASS_TOGGLES = tuple(t for t in TOGGLES if t.per_class)
DEFAULTS = {t.code: t.default for t in TOGGLES}

PROFILE_PLURALS = {
    "eleve": "élèves",
    "responsable": "parents",
    "enseignant": "enseignants",
    "personnel": "personnels",
    "invite": "invités",
    "inspection": "membres de l'inspection",
    "collectivite": "représentants de collectivité",
}
CYCLE_1_LEVELS = _CYCLE_1_LEVELS  # TPS–GS: the directory's, which indexes them (ADR 0049)
