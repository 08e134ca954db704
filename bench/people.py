"""The deterministic people of synthetic school number `n` (performance.md §2).

Every school has the reference shape: 246 pupils, 469 parents, 13 teachers (the first one is the
director), 11 classes. The same description feeds the COPY loader (`bench.dataset`) and the ONDE
files of the import scenarios (`bench.onde_files`), so both describe the same rows. Names carry
accents, hyphens and apostrophes; siblings share their parents; no two pupils of a school share
both names (true homonyms are the import tests' business, not the benchmark's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

PUPILS, PARENTS, TEACHERS, CLASSES = 246, 469, 13, 11
SIBLING_PAIRS = 54  # pupils 2k and 2k+1 (k < 54) are siblings and share their first parent
CLASS_LEVELS = ["PS", "MS", "GS", "CP", "CP", "CE1", "CE2", "CE2", "CM1", "CM2", "CM2"]
CLASS_NAMES = ["PS", "MS", "GS", "CP A", "CP B", "CE1", "CE2 A", "CE2 B", "CM1", "CM2 A", "CM2 B"]
AGE_AT_RENTREE = {"PS": 3, "MS": 4, "GS": 5, "CP": 6, "CE1": 7, "CE2": 8, "CM1": 9, "CM2": 10}

LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre "
    "Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Dupuis "
    "Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry "
    "Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin "
    "Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël "
    "Meyer Lucas Meunier Pérez Marchand Dufour Blanchard Barbier Brun Dumas Brunet Schmitt Leroux "
    "Colin Tanguy Kouassi Diallo Benali Le_Goff Le_Roux Dos_Santos L'Hostis Benoît-Guyot "
    "Ferreira_N'Diaye Michel-Blanc Mahé Guillou Pereira Lacroix Picard Marty Caron"
).replace("_", " ")
FIRST_NAMES = (
    "Léa Emma Louise Jade Alice Chloé Lina Mila Rose Anna Inès Julia Zoé Lou Léna Ambre Maëlys "
    "Élise Noémie Océane Thaïs Camille Manon Sarah Juliette Lucie Gabriel Léo Raphaël Arthur Louis "
    "Jules Adam Maël Lucas Hugo Noah Liam Gabin Sacha Paul Nathan Aaron Mohamed Éthan Tom Noé "
    "Théo Timéo Mathis Évan Gaël Malo Youssef Jean-Baptiste Marc-Antoine Anne-Sophie Loïc Yanis"
)
ADULT_NAMES = (
    "Audrey Séverine Nadia Sophie Claire Marion Céline Virginie Ingrid Maud Pauline Solène Fatima "
    "Morgane Anaïs Mélanie Caroline Bénédicte Stéphane Nicolas Yannick Frédéric Jérémy Hervé "
    "Rachid Gwénaël Jean-Marc Loïc Karim Olivier Thierry Sébastien Julien Mathieu Vincent"
)
ADULT_FIRST_NAMES = ADULT_NAMES.split()
SURNAMES = LAST_NAMES.split()
FIRSTS = FIRST_NAMES.split()


@dataclass(frozen=True)
class Pupil:
    index: int
    last_name: str
    first_name: str
    birth_date: date
    class_index: int

    @property
    def level(self) -> str:
        return CLASS_LEVELS[self.class_index]


@dataclass(frozen=True)
class Adult:
    index: int
    last_name: str
    first_name: str
    email: str


@dataclass(frozen=True)
class SchoolPeople:
    n: int
    uai: str
    name: str
    pupils: tuple[Pupil, ...]
    parents: tuple[Adult, ...]
    teachers: tuple[Adult, ...]
    links: tuple[tuple[int, int], ...]  # (parent index, pupil index)

    def teacher_class(self, t: int) -> int:
        """Teachers 0–10 lead classes 0–10; 11 and 12 complete classes 0 and 5."""
        return t if t < CLASSES else (0 if t == CLASSES else 5)


def uai_of(n: int, base: int = 9000000) -> str:
    """A valid UAI per school (7 digits + check letter), in département "900" (not a real one);
    the import scenarios use `base=9100000` (département "910") for their own schools."""
    digits = f"{base + n:07d}"
    return digits + "ABCDEFGHJKLMNPRSTUVWXYZ"[int(digits) % 23]


def family_of(i: int) -> int:
    return i // 2 if i < 2 * SIBLING_PAIRS else i - SIBLING_PAIRS


@lru_cache(maxsize=4)
def school_people(n: int, year: int, base: int = 9000000) -> SchoolPeople:
    pupils = _pupils(n, year)
    parents = []
    for j in range(PARENTS):
        child = pupils[j if j < PUPILS else j - PUPILS]
        first = ADULT_FIRST_NAMES[(j * 7 + n) % len(ADULT_FIRST_NAMES)]
        last = (
            child.last_name
            if j < PUPILS
            else SURNAMES[(family_of(j - PUPILS) * 13 + n + 5) % len(SURNAMES)]
        )
        email = f"{_ascii(first)}.{_ascii(last)}.{n}.{j}@bench.example" if j % 3 else ""
        parents.append(Adult(j, last, first, email))
    teachers = [
        Adult(
            t,
            SURNAMES[(n * 3 + t * 11) % len(SURNAMES)],
            ADULT_FIRST_NAMES[(n + t * 5) % 35],
            f"enseignant{t}.{n}@bench.example",
        )
        for t in range(TEACHERS)
    ]
    return SchoolPeople(
        n,
        uai_of(n, base),
        f"École bench {n}" if base == 9000000 else f"École import {n}",
        tuple(pupils),
        tuple(parents),
        tuple(teachers),
        tuple(_links()),
    )


def _pupils(n: int, year: int) -> list[Pupil]:
    seen: set[tuple[str, str]] = set()
    pupils = []
    for i in range(PUPILS):
        last = SURNAMES[(family_of(i) * 13 + n) % len(SURNAMES)]
        k = i * 7 + n
        while (last, FIRSTS[k % len(FIRSTS)]) in seen:
            k += 1
        first = FIRSTS[k % len(FIRSTS)]
        seen.add((last, first))
        class_index = (i * 5 + n) % CLASSES
        age = AGE_AT_RENTREE[CLASS_LEVELS[class_index]]
        birth = date(year - age - 1, 1 + (i * 5) % 12, 1 + (i * 3 + n) % 28)
        pupils.append(Pupil(i, last, first, birth, class_index))
    return pupils


def _links() -> list[tuple[int, int]]:
    """≈ 2.1 parents per pupil: parent i of pupil i, parent 246+i of pupil i (i < 223), and the
    first parent of pupil 2k is also the parent of pupil 2k+1 (siblings)."""
    links = [(i, i) for i in range(PUPILS)]
    links += [(PUPILS + i, i) for i in range(PARENTS - PUPILS)]
    links += [(2 * k, 2 * k + 1) for k in range(SIBLING_PAIRS)]
    return links


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())
