"""ONDE CSV exports (formats.md §2) of a synthetic school, shaped like the sample files.

ISO-8859-1, `;`, CRLF, dd/mm/yyyy, the sample's headers and column order, one row per
responsable with up to three repeated child blocks. `moved` pupils (a fraction, deterministic)
are put in the next class: the "5 % changes" re-import of scenario S1.
"""

from __future__ import annotations

from bench.people import CLASS_NAMES, CLASSES, Pupil, SchoolPeople

ELEVES_HEADER = [
    "Nom Elève",
    "Nom d'usage Elève",
    "Prénom Elève",
    "Date naissance",
    "Sexe",
    "Adresse1",
    "Cp1",
    "Commune1",
    "Pays1",
    "Adresse2",
    "Cp2",
    "Commune2",
    "Pays2",
    "Cycle",
    "Niveau",
    "Classe",
    "Attestation fournie",
    "Autorisations associations",
    "Autorisations photos",
    "Décision de passage",
]
CHILD_BLOCK = ["Nom d'usage enfant", "Nom de famille enfant", "Prénom enfant", "Classes enfants"]
RESPONSABLES_HEADER = [
    "Civilité Responsable",
    "Nom usage responsable",
    "Nom responsable",
    "Prénom responsable",
    "Adresse responsable",
    "CP responsable",
    "Commune responsable",
    "Pays",
    "Courriel",
    "Téléphone domicile",
    "Téléphone travail",
    "Téléphone portable",
    *CHILD_BLOCK * 3,
]
ENSEIGNANTS_HEADER = [
    "Civilité",
    "Nom usage",
    "Nom",
    "Prénom",
    "Adresse",
    "CP",
    "Commune",
    "Pays",
    "Courriel",
    "Téléphone domicile",
    "Téléphone portable",
    "Directeur",
    "Classe",
]
CYCLES = {
    "PS": "CYCLE I",
    "MS": "CYCLE I",
    "GS": "CYCLE I",
    "CP": "CYCLE II",
    "CE1": "CYCLE II",
    "CE2": "CYCLE II",
    "CM1": "CYCLE III",
    "CM2": "CYCLE III",
}


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("iso-8859-1")


def class_of(pupil: Pupil, moved_every: int) -> int:
    """The pupil's class, or the next one of the same level for every `moved_every`-th pupil."""
    if moved_every and pupil.index % moved_every == 0:
        same_level = [
            c
            for c in range(CLASSES)
            if CLASS_NAMES[c][:3] == CLASS_NAMES[pupil.class_index][:3] and c != pupil.class_index
        ]
        if same_level:
            return same_level[0]
    return pupil.class_index


def onde_files(people: SchoolPeople, moved_every: int = 0) -> dict[str, tuple[str, bytes]]:
    """The three exports of the school, as `import_onde` takes them (kind → (name, bytes))."""
    classes = {p.index: CLASS_NAMES[class_of(p, moved_every)] for p in people.pupils}
    eleves = [
        [
            p.last_name.upper(),
            "",
            p.first_name,
            p.birth_date.strftime("%d/%m/%Y"),
            "F" if p.index % 2 else "M",
            f"{1 + p.index % 150} rue de l'École",
            "44000",
            "Nantes",
            "FRANCE",
            "",
            "",
            "",
            "",
            CYCLES[p.level],
            p.level,
            classes[p.index],
            "Oui",
            "Oui",
            "Oui",
            "",
        ]
        for p in people.pupils
    ]
    children: dict[int, list[int]] = {}
    for parent, child in people.links:
        children.setdefault(parent, []).append(child)
    responsables = []
    for a in people.parents:
        blocks: list[str] = []
        for child in children.get(a.index, [])[:3]:
            p = people.pupils[child]
            blocks += ["", p.last_name.upper(), p.first_name, classes[child]]
        blocks += [""] * (12 - len(blocks))
        responsables.append(
            [
                "Mme" if a.index % 2 else "M.",
                "",
                a.last_name.upper(),
                a.first_name,
                f"{1 + a.index % 150} rue de l'École",
                "44000",
                "Nantes",
                "FRANCE",
                a.email,
                "",
                "",
                f"06{a.index:08d}",
                *blocks,
            ]
        )
    enseignants = [
        [
            "MME" if t.index % 2 else "M.",
            "",
            t.last_name.upper(),
            t.first_name,
            "",
            "",
            "",
            "",
            t.email,
            "",
            "",
            "Oui" if t.index == 0 else "Non",
            CLASS_NAMES[people.teacher_class(t.index)],
        ]
        for t in people.teachers
    ]
    return {
        "eleves": ("CSVExtraction-eleves.csv", _csv(ELEVES_HEADER, eleves)),
        "responsables": ("CSVExtraction-responsables.csv", _csv(RESPONSABLES_HEADER, responsables)),
        "enseignants": ("CSVExtraction-enseignants.csv", _csv(ENSEIGNANTS_HEADER, enseignants)),
    }
