"""AAF 1D XML files (formats.md §3): EtabEducNat, Eleve, PersRelEleve, PersEducNat.

Parsed without DTD, entity resolution or network access: a file declaring a DTD or entities
is refused outright (billion laughs, XXE). Each `addRequest` becomes a `Record`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from preau.imports.report import ImportRejected, LineError

FAMILIES = ("EtabEducNat", "PersRelEleve", "PersEducNat", "Eleve")
MAX_FILE_BYTES = 200 * 1024 * 1024
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    line: int
    attrs: dict[str, list[str]]

    def one(self, name: str) -> str:
        values = self.attrs.get(name) or [""]
        return values[0].strip()

    def many(self, name: str) -> list[str]:
        return [v.strip() for v in self.attrs.get(name, []) if v.strip()]


@dataclass(frozen=True)
class AafFile:
    name: str
    family: str
    complete: bool  # Complet (authoritative snapshot) or Delta
    records: list[Record]


def family_of(name: str) -> str | None:
    """`…_Eleve_0000.xml` → Eleve (PersRelEleve and PersEducNat are checked first)."""
    for family in FAMILIES:
        if re.search(rf"{family}_\d{{4}}\.xml$", name, re.IGNORECASE):
            return family
    return None


def parse_file(path: Path) -> AafFile:
    family = family_of(path.name)
    if family is None:
        raise _reject(path.name, 0, "Nom de fichier AAF non reconnu (…_Eleve_0000.xml…).")
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise _reject(path.name, 0, "Fichier trop volumineux.")
    if _DTD.search(data):
        raise _reject(
            path.name,
            1,
            "Le fichier déclare une DTD ou des entités : refusé (risque d'expansion d'entités ou "
            "d'accès à des fichiers externes).",
            "xml_dtd_forbidden",
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _reject(path.name, exc.lineno or 0, f"XML mal formé : {exc.msg}.", "bad_xml") from exc
    complete = "delta" not in path.name.lower()
    return AafFile(path.name, family, complete, [_record(el) for el in root.iter("addRequest")])


def _record(element: etree._Element) -> Record:
    attrs: dict[str, list[str]] = {}
    for attr in element.iter("attr"):
        name = attr.get("name") or ""
        attrs.setdefault(name, []).extend(v.text or "" for v in attr.iter("value"))
    identifier = element.find("identifier/id")
    if identifier is not None and identifier.text:
        attrs.setdefault("__id__", [identifier.text])
    return Record(element.sourceline or 0, attrs)


def dollar_fields(value: str, count: int = 5) -> list[str] | None:
    """The `f1$f2$f3$f4$f5` strings of classes and groups; None when malformed."""
    fields = value.split("$")
    return fields if len(fields) == count else None


def _reject(name: str, line: int, message: str, code: str = "bad_file") -> ImportRejected:
    return ImportRejected([LineError(name, line, "", message, code)])
