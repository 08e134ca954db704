"""AAF 1D feeds (formats.md §3): schools first, then each school's people in its own transaction,
through the same plan and steps as ONDE, with the feed's join keys as external ids."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction

from preau.core.errors import PermissionDenied, PreauError
from preau.directory.models import LEVEL_ORDER, School
from preau.directory.services import update_school
from preau.imports.aaf import AafFile, Record, dollar_fields, parse_file
from preau.imports.models import Source, StructureKey
from preau.imports.onde import OndeFiles, ParentRow, PupilRow, TeacherRow, match_key, parse_date
from preau.imports.report import ImportPartlyRejected, ImportRejected, ImportReport, LineError
from preau.imports.services.onde_import import apply_parsed
from preau.imports.services.run import DryRun
from preau.imports.services.schools import school_for_import

LEVEL_WORDS = {
    "toute petite section": "TPS",
    "petite section": "PS",
    "moyenne section": "MS",
    "grande section": "GS",
    "cours preparatoire": "CP",
    "cours elementaire 1": "CE1",
    "cours elementaire 2": "CE2",
    "cours moyen 1": "CM1",
    "cours moyen 2": "CM2",
}


def import_aaf(
    actor: Any,
    folder: Path,
    *,
    school_year: int | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> ImportReport:
    """Import every AAF file of `folder`. Operators only (`actor=None` is the command line)."""
    if actor is not None:
        raise PermissionDenied()
    files = _parse_all(folder)
    report = ImportReport(dry_run=dry_run)
    refused: list[str] = []
    try:
        with transaction.atomic():
            schools = _structures(files, report)
            per_school = _per_school(files, schools, report)
            if report.errors:  # a record is wrong: the whole feed is refused, nothing is written
                raise ImportRejected(report.errors)
            for school, parsed in per_school.items():
                if not _import_school(school, parsed, school_year, report, force):
                    refused.append(school.uai)
            if refused and len(refused) == len(per_school):
                raise ImportRejected(report.errors)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    if refused:  # the other schools are imported; the refused ones are left as they were
        raise ImportPartlyRejected(report, refused)
    return report


def _parse_all(folder: Path) -> list[AafFile]:
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xml")
    if not paths:
        raise ImportRejected(
            [LineError(str(folder), 0, "", "Aucun fichier AAF (.xml) ici.", "empty")]
        )
    errors, files = [], []
    for path in paths:
        try:
            files.append(parse_file(path))
        except ImportRejected as exc:
            errors.extend(exc.errors)
    if errors:
        raise ImportRejected(errors)
    return files


def _structures(files: list[AafFile], report: ImportReport) -> dict[str, School]:
    """EtabEducNat records create or update schools; returns join key → school."""
    keys = {k.value: k.school for k in StructureKey.objects.select_related("school")}
    for file in (f for f in files if f.family == "EtabEducNat"):
        for record in file.records:
            key = record.one("ENTStructureJointure") or record.one("__id__")
            try:
                school = _school_of(record)
            except PreauError as exc:
                report.errors.append(
                    LineError(file.name, record.line, "ENTStructureUAI", exc.message, exc.code)
                )
                continue
            if key and keys.get(key) != school:
                StructureKey.objects.update_or_create(
                    source=Source.AAF, value=key, defaults={"school": school}
                )
                keys[key] = school
    return keys


def _school_of(record: Record) -> School:
    name = record.one("ENTStructureNomCourant")
    school = school_for_import(record.one("ENTStructureUAI"), name or "École sans nom")
    changes = {
        field: value
        for field, value in (
            ("name", name),
            ("commune", record.one("ENTStructureVille")),
            ("address", record.one("ENTStructureAdresse")),
        )
        if value and getattr(school, field) != value
    }
    return update_school(None, school, **changes) if changes else school


def _school_keys(record: Record, schools: dict[str, School]) -> list[School]:
    found = [schools[k] for k in record.many("ENTPersonStructRattach") if k in schools]
    return list(dict.fromkeys(found))


def _per_school(
    files: list[AafFile], schools: dict[str, School], report: ImportReport
) -> dict[School, OndeFiles]:
    full = {f.family: f.complete for f in files}
    pupils: dict[School, list[PupilRow]] = defaultdict(list)
    parent_keys: dict[School, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for file in (f for f in files if f.family == "Eleve"):
        for record in file.records:
            row = _pupil(file, record, schools, report)
            for school, pupil in row:
                pupils[school].append(pupil)
                for value in record.many("ENTEleveAutoriteParentale"):
                    parent_keys[school][value.split("$")[0]].append(len(pupils[school]) - 1)
    parents_by_key = {
        (r.one("ENTPersonJointure") or r.one("__id__")): (f, r)
        for f in files
        if f.family == "PersRelEleve"
        for r in f.records
    }
    teachers = _teachers(files, schools)
    result = {}
    for school in set(pupils) | set(teachers):
        parents, links = [], []
        for key, children in parent_keys[school].items():
            if key not in parents_by_key:
                continue
            parents.append(_parent(*parents_by_key[key], key))
            links += [(len(parents) - 1, c) for c in children]
        result[school] = OndeFiles(
            pupils=pupils[school],
            parents=parents,
            teachers=teachers.get(school, []) if "PersEducNat" in full else None,
            encodings={},
            ignored_columns={},
            links=links,
            full=full.get("Eleve", False) and full.get("PersRelEleve", False),
            source=Source.AAF,
        )
    return result


def _pupil(
    file: AafFile, record: Record, schools: dict[str, School], report: ImportReport
) -> list[tuple[School, PupilRow]]:
    def fail(column: str, message: str) -> list[tuple[School, PupilRow]]:
        report.errors.append(LineError(file.name, record.line, column, message, "invalid_value"))
        return []

    try:
        birth = parse_date(record.one("ENTPersonDateNaissance"))
    except ValueError:
        return fail("ENTPersonDateNaissance", "Date de naissance absente ou impossible.")
    level = level_of(record.one("ENTEleveNiveau"))
    if level is None:
        return fail("ENTEleveNiveau", f"Niveau inconnu : « {record.one('ENTEleveNiveau')} ».")
    found = []
    for school in _school_keys(record, schools):
        class_name = _class_in(
            record.many("ENTPersonClasses"), school, schools, report, file, record
        )
        if not class_name:
            continue
        found.append(
            (
                school,
                PupilRow(
                    line=record.line,
                    last_name=record.one("ENTPersonNomPatro") or record.one("ENTPersonNom"),
                    usage_name=_usage(record),
                    first_name=record.one("ENTPersonPrenom"),
                    birth_date=birth,
                    level=level,
                    class_name=class_name,
                    data={},
                    external_id=record.one("ENTPersonJointure") or record.one("__id__"),
                    national_id=record.one("ENTEleveINE"),
                ),
            )
        )
    return found


def _usage(record: Record) -> str:
    usage, family = record.one("ENTPersonNom"), record.one("ENTPersonNomPatro")
    return usage if family and match_key(usage) != match_key(family) else ""


def _class_in(
    values: list[str],
    school: School,
    schools: dict[str, School],
    report: ImportReport,
    file: AafFile,
    record: Record,
) -> str:
    found = ""
    for value in values:
        fields = dollar_fields(value)
        if fields is None:
            report.warnings.append(
                {
                    "file": file.name,
                    "line": record.line,
                    "column": "ENTPersonClasses",
                    "message": f"Classe ignorée (5 champs attendus) : « {value} ».",
                }
            )
        elif schools.get(fields[0]) == school and not found:
            found = fields[4] or fields[3]
    return found


def level_of(value: str) -> str | None:
    code = value.strip().upper()
    if code in LEVEL_ORDER:
        return code
    words = match_key(value).replace("ere annee", "").replace("eme annee", "")
    for label, level in LEVEL_WORDS.items():
        if words.startswith(label) or words.replace(" ", "") == label.replace(" ", ""):
            return level
    return None


def _parent(file: AafFile, record: Record, key: str) -> ParentRow:
    return ParentRow(
        line=record.line,
        last_name=record.one("ENTPersonNomPatro") or record.one("ENTPersonNom"),
        usage_name=_usage(record),
        first_name=record.one("ENTPersonPrenom"),
        email=record.one("ENTPersonMail").lower(),
        data={"telephone": record.one("ENTPersRelEleveTelMobile")},
        external_id=key,
    )


def _teachers(files: list[AafFile], schools: dict[str, School]) -> dict[School, list[TeacherRow]]:
    result: dict[School, list[TeacherRow]] = defaultdict(list)
    for file in (f for f in files if f.family == "PersEducNat"):
        for record in file.records:
            if record.one("ENTPersonCategorieEnseignant").lower() in ("false", "0", "non"):
                continue
            directs = set(record.many("ENTEnsFonctionDir"))
            for school in _school_keys(record, schools):
                classes = [
                    f[4] or f[3]
                    for f in map(dollar_fields, record.many("ENTPersonClasses"))
                    if f and schools.get(f[0]) == school
                ]
                result[school].append(
                    TeacherRow(
                        line=record.line,
                        last_name=record.one("ENTPersonNomPatro") or record.one("ENTPersonNom"),
                        usage_name=_usage(record),
                        first_name=record.one("ENTPersonPrenom"),
                        email=record.one("ENTPersonMail").lower(),
                        director=any(schools.get(k) == school for k in directs),
                        class_names=classes,
                        data={},
                        external_id=record.one("ENTPersonJointure") or record.one("__id__"),
                    )
                )
    return result


def _import_school(
    school: School, parsed: OndeFiles, year: int | None, report: ImportReport, force: bool
) -> bool:
    """One school in its own savepoint: True if imported, False if refused (left unchanged)."""
    try:
        with transaction.atomic():
            one = apply_parsed(None, school, parsed, year, force=force)
    except ImportRejected as exc:
        report.errors.extend(exc.errors)
        return False
    for profile, count in one.created.items():
        report.created[profile] += count
    report.updated += one.updated
    report.unchanged += one.unchanged
    report.moved += one.moved
    report.left += one.left
    report.ambiguous += [{**a, "uai": school.uai} for a in one.ambiguous]
    report.warnings += [{**w, "uai": school.uai} for w in one.warnings]
    return True
