"""The follow-up of a mot as CSV (spreadsheet) and PDF (weasyprint), built in memory."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from preau.liaison.models import Note, NoteRecipient
from preau.liaison.selectors import FollowUpRow

CSS_PATH = Path(__file__).parent / "pdf.css"
HEADER = ["Classe", "Élève", "Signé", "Responsable", "Signé le", "Réponse"]


def _local(value: object) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")  # type: ignore[arg-type]


def csv_rows(rows: list[FollowUpRow]) -> list[list[str]]:
    out = []
    for row in rows:
        signed = "oui" if row.signed else "non"
        parent_rows: list[NoteRecipient | None] = list(row.parents) or [None]
        for parent_row in parent_rows:
            out.append(
                [
                    row.class_name,
                    row.pupil.list_name,
                    signed,
                    parent_row.parent.list_name if parent_row and parent_row.parent else "",
                    _local(parent_row.signed_at) if parent_row else "",
                    parent_row.answer if parent_row else "",
                ]
            )
    return out


def _filename(note: Note, ext: str) -> str:
    return f"suivi-{slugify(note.title)[:40] or note.pk}.{ext}"


def csv_response(note: Note, rows: list[FollowUpRow]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(csv_rows(rows))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(note, "csv")}"'
    return response


def pdf_response(note: Note, rows: list[FollowUpRow], counts: dict[str, int]) -> HttpResponse:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "liaison/pdf/follow_up.html", {"note": note, "rows": rows, "counts": counts}
    )
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(CSS_PATH))])
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(note, "pdf")}"'
    return response
