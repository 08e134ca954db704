"""ONDE / BE1D exports (formats.md §2): élèves, responsables, enseignants, recognised by header.

`parse_onde(files)` returns typed rows or raises `ImportRejected` listing every bad line."""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from preau.directory.models import LEVEL_ORDER
from preau.imports.csvfile import CsvTable, read_table
from preau.imports.report import ImportRejected, LineError

KIND_LABELS = {"eleves": "élèves", "responsables": "responsables", "enseignants": "enseignants"}
REQUIRED = {
    "eleves": ["nomeleve", "prenomeleve", "datenaissance", "niveau", "classe"],
    "responsables": ["nomresponsable", "prenomresponsable", "nomdefamilleenfant", "prenomenfant"],
    "enseignants": ["nom", "prenom", "classe"],
}
CHILD_BLOCK = ("nomdusageenfant", "nomdefamilleenfant", "prenomenfant", "classesenfants")
_DAY_FIRST = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_SEPARATORS = re.compile(r"[\s\-'’‐]+")


@functools.lru_cache(maxsize=1 << 16)  # names, communes, classes repeat from row to row
def match_key(value: str) -> str:
    """Names for matching only (formats.md §1): NFKD, no accents, casefold, one separator."""
    if value.isascii():  # most cells (dates, codes, plain names): NFKD changes nothing
        return _SEPARATORS.sub(" ", value.casefold()).strip()
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub(" ", plain).strip()


@dataclass
class PupilRow:
    line: int
    last_name: str
    usage_name: str
    first_name: str
    birth_date: datetime.date
    level: str
    class_name: str
    data: dict[str, str]
    external_id: str = ""
    national_id: str = ""  # INE, when the feed has it

    @property
    def key(self) -> tuple[str, str, datetime.date]:
        return (match_key(self.last_name), match_key(self.first_name), self.birth_date)


@dataclass
class ChildRef:
    usage_name: str
    last_name: str
    first_name: str
    class_name: str


@dataclass
class ParentRow:
    line: int
    last_name: str
    usage_name: str
    first_name: str
    email: str
    data: dict[str, str]
    children: list[ChildRef] = field(default_factory=list)
    external_id: str = ""

    @property
    def name_key(self) -> tuple[str, str]:
        return (match_key(self.last_name), match_key(self.first_name))


@dataclass
class TeacherRow:
    line: int
    last_name: str
    usage_name: str
    first_name: str
    email: str
    director: bool
    class_names: list[str]
    data: dict[str, str]
    external_id: str = ""

    @property
    def name_key(self) -> tuple[str, str]:
        return (match_key(self.last_name), match_key(self.first_name))


@dataclass
class OndeFiles:
    pupils: list[PupilRow]
    parents: list[ParentRow]
    teachers: list[TeacherRow] | None
    encodings: dict[str, str]
    ignored_columns: dict[str, list[str]]
    links: list[tuple[int, int]] | None = None  # (parent row, pupil row) when the feed gives them
    full: bool = True  # a full snapshot: people missing from it become absent
    source: str = "onde"


def detect_kind(header: list[str]) -> str | None:
    columns = set(header)
    if "nomeleve" in columns:
        return "eleves"
    if "nomresponsable" in columns:
        return "responsables"
    if {"nom", "prenom"} <= columns:
        return "enseignants"
    return None


def parse_onde(files: dict[str, tuple[str, bytes]]) -> OndeFiles:
    """`files` maps the expected kind to (file name, content); all files are checked first."""
    errors: list[LineError] = []
    tables: dict[str, CsvTable] = {}
    for kind, (name, data) in files.items():
        try:
            tables[kind] = _table_of_kind(kind, name, data)
        except ImportRejected as exc:
            errors.extend(exc.errors)
    if errors:
        raise ImportRejected(errors)
    parsers: dict[str, Any] = {
        "eleves": _pupils,
        "responsables": _parents,
        "enseignants": _teachers,
    }
    parsed: dict[str, list[Any]] = {}
    for kind, table in tables.items():
        rows, row_errors = parsers[kind](table)
        parsed[kind] = rows
        errors.extend(row_errors)
        errors.extend(_duplicates(table))
    if errors:
        raise ImportRejected(errors)
    return OndeFiles(
        pupils=parsed["eleves"],
        parents=parsed["responsables"],
        teachers=parsed.get("enseignants"),
        encodings={t.file: t.encoding for t in tables.values()},
        ignored_columns={t.file: _unknown_columns(kind, t) for kind, t in tables.items()},
    )


def _table_of_kind(kind: str, name: str, data: bytes) -> CsvTable:
    table = read_table(name, data)
    found = detect_kind(table.header)
    if found != kind:
        what = f"un fichier {KIND_LABELS[found]}" if found else "un fichier non reconnu"
        raise ImportRejected(
            [
                LineError(
                    name,
                    1,
                    "",
                    f"Fichier {KIND_LABELS[kind]} attendu, mais l'en-tête est celui d'{what}.",
                    "wrong_file_kind",
                )
            ]
        )
    missing = [c for c in REQUIRED[kind] if c not in table.header]
    if missing:
        raise ImportRejected(
            [
                LineError(name, 1, c, f"Colonne obligatoire absente : « {c} ».", "missing_column")
                for c in missing
            ]
        )
    return table


KNOWN = {
    "eleves": set(REQUIRED["eleves"])
    | {"nomdusageeleve", "sexe", "cycle", "attestationfournie", "autorisationsassociations"}
    | {"autorisationsphotos", "decisiondepassage"}
    | {f"{p}{i}" for p in ("adresse", "cp", "commune", "pays") for i in (1, 2)},
    "responsables": {"civiliteresponsable", "nomusageresponsable", "nomresponsable"}
    | {"prenomresponsable", "adresseresponsable", "cpresponsable", "communeresponsable"}
    | {"pays", "courriel", "telephonedomicile", "telephonetravail", "telephoneportable"}
    | set(CHILD_BLOCK),
    "enseignants": {"civilite", "nomusage", "nom", "prenom", "adresse", "cp", "commune", "pays"}
    | {"courriel", "telephonedomicile", "telephoneportable", "directeur", "classe"},
}


# The columns kept in a row's `data` (source record), in sorted order.
PUPIL_DATA = tuple(sorted(KNOWN["eleves"] - {"nomeleve", "prenomeleve", "nomdusageeleve"}))
PARENT_DATA = tuple(sorted(KNOWN["responsables"] - set(CHILD_BLOCK) - {"courriel"}))
TEACHER_DATA = tuple(
    sorted(
        {"civilite", "adresse", "cp", "commune", "pays", "telephonedomicile", "telephoneportable"}
    )
)


def _unknown_columns(kind: str, table: CsvTable) -> list[str]:
    return [
        raw
        for raw, norm in zip(table.raw_header, table.header, strict=True)
        if norm and norm not in KNOWN[kind]
    ]


def _record(table: CsvTable, cells: list[str]) -> dict[str, str]:
    """First occurrence of each known column (child blocks are read separately)."""
    return {column: cells[index] for column, index in table.first_columns.items()}


def _column_label(table: CsvTable, column: str) -> str:
    return table.raw_header[table.header.index(column)] if column in table.header else column


def _required(
    table: CsvTable, line: int, record: dict[str, str], columns: list[str]
) -> list[LineError]:
    return [
        LineError(
            table.file, line, _column_label(table, c), "Valeur obligatoire manquante.", "required"
        )
        for c in columns
        if not record.get(c)
    ]


def parse_date(value: str) -> datetime.date:
    day_first = _DAY_FIRST.fullmatch(value)  # the usual dd/mm/yyyy without strptime's cost
    if day_first:
        try:
            day, month, year = (int(part) for part in day_first.groups())
            return datetime.date(year, month, day)
        except ValueError:
            pass  # strptime decides
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _pupils(table: CsvTable) -> tuple[list[PupilRow], list[LineError]]:
    rows, errors = [], []
    today = datetime.date.today()
    for line, cells in table.rows:
        record = _record(table, cells)
        problems = _required(table, line, record, REQUIRED["eleves"])
        birth = None
        if record.get("datenaissance"):
            try:
                birth = parse_date(record["datenaissance"])
                if not datetime.date(today.year - 20, 1, 1) <= birth <= today:
                    raise ValueError(record["datenaissance"])
            except ValueError:
                problems.append(
                    LineError(
                        table.file,
                        line,
                        _column_label(table, "datenaissance"),
                        f"Date impossible ou mal écrite : « {record['datenaissance']} » "
                        "(attendu jj/mm/aaaa).",
                        "bad_date",
                    )
                )
        level = record.get("niveau", "").upper()
        if level and level not in LEVEL_ORDER:
            problems.append(
                LineError(
                    table.file,
                    line,
                    _column_label(table, "niveau"),
                    f"Niveau inconnu : « {level} » (attendu : {', '.join(LEVEL_ORDER)}).",
                    "bad_level",
                )
            )
        if problems or birth is None:
            errors.extend(problems)
            continue
        rows.append(
            PupilRow(
                line=line,
                last_name=record["nomeleve"],
                usage_name=record.get("nomdusageeleve", ""),
                first_name=record["prenomeleve"],
                birth_date=birth,
                level=level,
                class_name=record["classe"],
                data=_extra(record, PUPIL_DATA),
            )
        )
    return rows, errors


def _extra(record: dict[str, str], columns: tuple[str, ...]) -> dict[str, str]:
    return {c: record[c] for c in columns if record.get(c)}


def _parents(table: CsvTable) -> tuple[list[ParentRow], list[LineError]]:
    rows, errors = [], []
    starts = [i for i, c in enumerate(table.header) if c == CHILD_BLOCK[0]]
    for line, cells in table.rows:
        record = _record(table, cells)
        problems = _required(table, line, record, ["nomresponsable", "prenomresponsable"])
        email, email_problem = _email(table, line, record.get("courriel", ""))
        children = _children(cells, starts)
        for child in children:
            if not (child.last_name and child.first_name):
                problems.append(
                    LineError(
                        table.file,
                        line,
                        "Prénom enfant",
                        "Bloc enfant incomplet (nom et prénom requis).",
                        "required",
                    )
                )
        if problems:
            errors.extend(problems)
            continue
        data = _extra(record, PARENT_DATA)
        rows.append(
            ParentRow(
                line=line,
                last_name=record["nomresponsable"],
                usage_name=record.get("nomusageresponsable", ""),
                first_name=record["prenomresponsable"],
                email=email,
                data=data | ({"courriel_refuse": email_problem} if email_problem else {}),
                children=children,
            )
        )
    return rows, errors


def _children(cells: list[str], starts: list[int]) -> list[ChildRef]:
    """The child blocks of a responsable's row that name a child (most blocks are empty)."""
    children = []
    for start in starts:
        block = cells[start : start + len(CHILD_BLOCK)]
        if len(block) < len(CHILD_BLOCK):
            block += [""] * (len(CHILD_BLOCK) - len(block))
        if block[1] or block[2]:  # the child's last or first name
            children.append(ChildRef(*block))
    return children


def _email(table: CsvTable, line: int, value: str) -> tuple[str, str]:
    if not value:
        return "", ""
    try:
        validate_email(value)
    except ValidationError:
        return "", value
    return value.lower(), ""


def _teachers(table: CsvTable) -> tuple[list[TeacherRow], list[LineError]]:
    rows, errors = [], []
    for line, cells in table.rows:
        record = _record(table, cells)
        problems = _required(table, line, record, ["nom", "prenom"])
        if problems:
            errors.extend(problems)
            continue
        email, refused = _email(table, line, record.get("courriel", ""))
        classes = [c.strip() for c in record.get("classe", "").split(",") if c.strip()]
        rows.append(
            TeacherRow(
                line=line,
                last_name=record["nom"],
                usage_name=record.get("nomusage", ""),
                first_name=record["prenom"],
                email=email,
                director=record.get("directeur", "").strip().lower() == "oui",
                class_names=classes,
                data=_extra(record, TEACHER_DATA)
                | ({"courriel_refuse": refused} if refused else {}),
            )
        )
    return rows, errors


def _duplicates(table: CsvTable) -> list[LineError]:
    seen: dict[tuple[str, ...], int] = {}
    errors = []
    for line, cells in table.rows:
        key = tuple(map(match_key, cells))
        if key in seen:
            errors.append(
                LineError(
                    table.file,
                    line,
                    "",
                    f"Ligne en double : identique à la ligne {seen[key]}.",
                    "duplicate_row",
                )
            )
        else:
            seen[key] = line
    return errors
