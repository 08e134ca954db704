"""The import report: figures, ambiguous cases and per-line errors (the JSON of `--json`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from preau.core.errors import PreauError


@dataclass(frozen=True)
class LineError:
    file: str
    line: int
    column: str
    message: str
    code: str = "invalid_value"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "code": self.code,
        }


class ImportRejected(PreauError):
    """The files are refused as a whole; nothing was written."""

    code = "import_rejected"
    status = 422
    default_message = "Les fichiers ont été refusés : rien n'a été importé."

    def __init__(self, errors: list[LineError]):
        self.errors = errors
        super().__init__(
            f"Les fichiers ont été refusés ({len(errors)} erreur(s)) : rien n'a été importé.",
            errors=[e.as_dict() for e in errors],
        )


class ImportPartlyRejected(PreauError):
    """A feed of several schools where some were refused: those are left exactly as they were,
    the others are imported; the report counts what was written."""

    code = "import_partly_rejected"
    status = 422

    def __init__(self, report: ImportReport, refused_uais: list[str]):
        self.report, self.refused_uais = report, refused_uais
        super().__init__(
            f"{len(refused_uais)} école(s) refusée(s), laissée(s) sans aucune modification : "
            f"{', '.join(refused_uais)}. Les autres écoles ont été importées.",
            refused=refused_uais,
        )


class TooManyDepartures(ImportRejected):
    """A full import would make too large a share of the school's people absent (a truncated
    export, the wrong school's files): refused unless forced; nothing was written."""

    code = "too_many_departures"
    status = 409

    def __init__(self, absent: int, current: int, threshold: int):
        self.absent, self.current, self.threshold = absent, current, threshold
        percent = round(100 * absent / current) if current else 0
        message = (
            f"Cet import rendrait absentes {absent} personnes sur {current} ({percent} %), "
            f"au-delà du seuil de {threshold} % : vérifiez que les fichiers sont complets "
            "(toutes les classes, tous les responsables). Pour importer quand même, confirmez-le "
            "explicitement (case « Importer malgré les départs » sur le site, option --force "
            "en ligne de commande)."
        )
        super().__init__([LineError("", 0, "", message, self.code)])
        self.message = message
        self.args = (message,)


@dataclass
class ImportReport:
    created: dict[str, int] = field(
        default_factory=lambda: {"eleve": 0, "responsable": 0, "enseignant": 0}
    )
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    left: int = 0
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    dry_run: bool = False
    # Who arrives, moves, leaves, and which parent links are made: the preview's lists.
    changes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Set when the departures exceed the safety threshold (a forced run, or a dry run).
    departures: dict[str, int] | None = None

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or self.updated or self.moved or self.left)

    def as_dict(self, details: bool = False) -> dict[str, Any]:
        """The `--json` report; with `details`, the preview's lists and the departures check."""
        extra = {"changes": self.changes, "departures": self.departures} if details else {}
        return {
            **extra,
            "created": dict(self.created),
            "updated": self.updated,
            "unchanged": self.unchanged,
            "moved": self.moved,
            "left": self.left,
            "ambiguous": list(self.ambiguous),
            "warnings": list(self.warnings),
            "errors": [e.as_dict() for e in self.errors],
            "dry_run": self.dry_run,
        }
