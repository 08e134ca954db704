"""Fixtures of the imports tests: the ONDE samples copied under `fixtures/` and a school."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
KINDS = ("eleves", "responsables", "enseignants")


def sample_files(generation: str, uai: str) -> dict[str, tuple[str, bytes]]:
    folder = FIXTURES / generation / uai
    return {
        kind: (f"CSVExtraction-{kind}.csv", (folder / f"CSVExtraction-{kind}.csv").read_bytes())
        for kind in KINDS
    }


def expected(generation: str, uai: str) -> dict[str, Any]:
    return json.loads((FIXTURES / generation / uai / "expected.json").read_text())


def csv_bytes(lines: list[str], encoding: str = "cp1252") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture
def onde_school(db: Any) -> Any:
    from preau.directory.factories import SchoolFactory

    return SchoolFactory.create(uai="0440001M", name="École primaire Jacques Prévert")


@pytest.fixture
def director(onde_school: Any) -> Any:
    """The director of `onde_school`, who may import into it."""
    from preau.directory.factories import FunctionAssignmentFactory, UserFactory
    from preau.directory.models import Function

    user = UserFactory.create()
    FunctionAssignmentFactory.create(user=user, function=Function.DIRECTEUR, school=onde_school)
    return user


@pytest.fixture
def files_of() -> Callable[[str, str], dict[str, tuple[str, bytes]]]:
    return sample_files


PUPIL_HEADER = (
    "Nom Elève;Nom d'usage Elève;Prénom Elève;Date naissance;Sexe;Adresse1;Cp1;Commune1;Pays1;"
    "Adresse2;Cp2;Commune2;Pays2; Cycle;Niveau;Classe;Attestation fournie;"
    "Autorisations associations;Autorisations photos;Décision de passage"
)
PARENT_HEADER = (
    "Civilité Responsable;Nom usage responsable;Nom responsable;Prénom responsable;"
    "Adresse responsable;CP responsable;Commune responsable;Pays;Courriel;Téléphone domicile;"
    "Téléphone travail;Téléphone portable"
    + ";Nom d'usage enfant;Nom de famille enfant;Prénom enfant;Classes enfants"
    * 2
)
TEACHER_HEADER = (
    "Civilité;Nom usage;Nom;Prénom;Adresse;CP;Commune;Pays;Courriel;Téléphone domicile;"
    "Téléphone portable;Directeur;Classe"
)


def pupil(last: str, first: str, birth: str, level: str, klass: str, usage: str = "") -> str:
    return (
        f"{last};{usage};{first};{birth};F;1 rue de la Paix;44000;Nantes;FRANCE;;;;;CYCLE II;"
        f"{level};{klass};Oui;Oui;Non;"
    )


def parent(last: str, first: str, email: str, *children: tuple[str, str, str]) -> str:
    blocks = [f";;{c[0]};{c[1]};{c[2]}" for c in children] + [";;;;"] * (2 - len(children))
    return (
        f"Mme;;{last};{first};1 rue de la Paix;44000;Nantes;FRANCE;{email};;;0611223344"
        + "".join(blocks)
    )


def teacher(last: str, first: str, email: str, klass: str, director: str = "Non") -> str:
    return f"MME;;{last};{first};;;;;{email};;;{director};{klass}"


def small_files(
    pupils: list[str] | None = None,
    parents: list[str] | None = None,
    teachers: list[str] | None = None,
) -> dict[str, tuple[str, bytes]]:
    """A tiny valid school: two siblings, their two parents, one teacher."""
    pupils = (
        pupils
        if pupils is not None
        else [
            pupil("MARTIN", "Léa", "12/03/2018", "CE1", "CE1-CE2 Mme Roux"),
            pupil("MARTIN", "Hugo", "02/09/2016", "CE2", "CE1-CE2 Mme Roux"),
        ]
    )
    parents = (
        parents
        if parents is not None
        else [
            parent(
                "MARTIN",
                "Claire",
                "claire.martin@example.org",
                ("MARTIN", "Léa", "CE1-CE2 Mme Roux"),
                ("MARTIN", "Hugo", "CE1-CE2 Mme Roux"),
            ),
            parent("DURAND", "Paul", "", ("MARTIN", "Léa", "CE1-CE2 Mme Roux")),
        ]
    )
    teachers = (
        teachers
        if teachers is not None
        else [teacher("ROUX", "Anne", "anne.roux@ac-nantes.example", "CE1-CE2 Mme Roux", "Oui")]
    )
    return {
        "eleves": ("eleves.csv", csv_bytes([PUPIL_HEADER, *pupils])),
        "responsables": ("responsables.csv", csv_bytes([PARENT_HEADER, *parents])),
        "enseignants": ("enseignants.csv", csv_bytes([TEACHER_HEADER, *teachers])),
    }
