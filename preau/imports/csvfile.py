"""Reading an exported CSV safely: encoding, separator, header, cell checks (formats.md §2).

Every problem becomes a `LineError` with file, line and column; nothing here touches the DB."""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from charset_normalizer import from_bytes

from preau.imports.report import LineError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_CELL_CHARS = 500
csv.field_size_limit(MAX_FILE_BYTES)

_PHONE = re.compile(r"^\+[0-9 .()]+$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A cell that may start like a formula, in a row's cells joined by NUL (which no cell holds:
# `_CONTROL` refuses it): a row without a match needs no cell-by-cell check.
_MAYBE_FORMULA = re.compile(r"(?:^|\x00) *[=+\-@\t\r]")


@dataclass
class CsvTable:
    file: str
    encoding: str
    header: list[str]  # normalised names, in file order
    raw_header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells)

    @functools.cached_property
    def first_columns(self) -> dict[str, int]:
        """Each normalised column name → the index of its first occurrence, in file order."""
        found: dict[str, int] = {}
        for index, column in enumerate(self.header):
            found.setdefault(column, index)
        return found


def normalise_header(value: str) -> str:
    """trim, lower case, no accents, no spaces, `*`, `'` or BOM (formats.md §2)."""
    value = value.replace("\ufeff", "").strip().lower()
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s*'’]", "", plain)


def decode(name: str, data: bytes) -> tuple[str, str]:
    """(text, encoding) for UTF-8 (with or without BOM) or Windows-1252/ISO-8859-1."""
    if not data.strip():
        raise _reject(name, 1, "", "Le fichier est vide.", "empty_file")
    if len(data) > MAX_FILE_BYTES:
        raise _reject(name, 1, "", "Le fichier dépasse 10 Mio.", "file_too_large")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _checked(name, data.decode("utf-8-sig")), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _reject(
                name, 1, "", "Le fichier annonce l'UTF-8 mais n'en est pas.", "bad_encoding"
            ) from exc
    if b"\x00" in data:
        guess = from_bytes(data[:4096]).best()
        detected = f" (il semble encodé en {guess.encoding})" if guess else ""
        raise _reject(
            name,
            1,
            "",
            "Le fichier n'est pas un CSV lisible : encodage non pris en charge ou contenu "
            f"binaire{detected}. Exportez-le depuis ONDE en ISO-8859-1 ou en UTF-8.",
            "bad_encoding",
        )
    try:
        return _checked(name, data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "windows-1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("iso-8859-1"), "iso-8859-1"
    return _checked(name, text), encoding


def _checked(name: str, text: str) -> str:
    if not _CONTROL.search(text):  # the usual case: one scan of the whole text
        return text
    for number, line in enumerate(text.splitlines(), start=1):
        if _CONTROL.search(line):
            raise _reject(
                name,
                number,
                "",
                "Le fichier contient des caractères de contrôle : ce n'est pas un CSV texte "
                "(fichier binaire ou mauvais encodage).",
                "bad_encoding",
            )
    return text


def read_table(name: str, data: bytes) -> CsvTable:
    text, encoding = decode(name, data)
    lines = text.splitlines()
    header_line = lines[0] if lines else ""
    _check_separator(name, header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', strict=True)
    try:
        raw_header = next(reader)
        header = [normalise_header(h) for h in raw_header]
        rows = list(_data_rows(name, reader, len(header), raw_header))
    except csv.Error as exc:
        raise _reject(name, reader.line_num, "", f"CSV mal formé : {exc}.", "bad_csv") from exc
    if not rows:
        raise _reject(
            name,
            2,
            "",
            "Le fichier ne contient que l'en-tête : aucune ligne à importer.",
            "no_rows",
        )
    return CsvTable(name, encoding, header, [h.strip() for h in raw_header], rows)


def _check_separator(name: str, header_line: str) -> None:
    if header_line.count(";") >= 2:
        return
    for sep, label in ((",", "la virgule"), ("\t", "la tabulation"), ("|", "la barre")):
        if header_line.count(sep) >= 2:
            raise _reject(
                name,
                1,
                "",
                f"Le séparateur attendu est le point-virgule (;) ; ce fichier utilise {label}.",
                "bad_separator",
            )
    raise _reject(
        name, 1, "", "En-tête non reconnu : ce n'est pas un export CSV d'ONDE.", "bad_header"
    )


def _data_rows(
    name: str, reader: Iterator[list[str]], width: int, raw_header: list[str]
) -> Iterator[tuple[int, list[str]]]:
    errors: list[LineError] = []
    for cells in reader:
        line = reader.line_num  # type: ignore[attr-defined]
        if not "".join(cells).strip():
            continue
        if len(cells) != width:
            errors.append(
                LineError(
                    name,
                    line,
                    "",
                    f"La ligne a {len(cells)} colonnes au lieu de {width}.",
                    "bad_row_width",
                )
            )
            continue
        errors.extend(check_cells(name, line, cells, raw_header))
        yield line, [c.strip() for c in cells]
    if errors:
        from preau.imports.report import ImportRejected

        raise ImportRejected(errors)


def check_cells(name: str, line: int, cells: list[str], header: list[str]) -> list[LineError]:
    if max(map(len, cells), default=0) <= MAX_CELL_CHARS and not _MAYBE_FORMULA.search(
        "\x00".join(cells)
    ):
        return []
    errors = []
    for cell, column in zip(cells, header, strict=True):
        column = column.strip()
        if len(cell) > MAX_CELL_CHARS:
            errors.append(
                LineError(
                    name,
                    line,
                    column,
                    f"Valeur trop longue ({len(cell)} caractères ; {MAX_CELL_CHARS} au plus).",
                    "value_too_long",
                )
            )
        elif cell.lstrip(" ").startswith(_FORMULA_START) and not _PHONE.match(cell.strip()):
            errors.append(
                LineError(
                    name,
                    line,
                    column,
                    f"La valeur commence par « {cell.lstrip(' ')[:1]} » : elle ressemble "
                    "à une formule de tableur et est refusée.",
                    "formula_injection",
                )
            )
    return errors


def _reject(name: str, line: int, column: str, message: str, code: str) -> Exception:
    from preau.imports.report import ImportRejected

    return ImportRejected([LineError(name, line, column, message, code)])
