"""Reads of the carnet de liaison, shaped for its screens and its API (query counts pinned)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from preau.directory.models import ParentLink
from preau.liaison.models import Note, NoteAttachment, NoteRecipient, ParentMessage


@dataclass
class Received:
    """A mot as one family member sees it for one child."""

    note: Note
    child_id: int
    signed_at: Any
    answer: str
    others_signed: bool = False  # another representative signed for this child


def children_of(parent: Any) -> list[Any]:
    """The parent's children (autorité parentale), by first name: one query."""
    links = ParentLink.objects.filter(parent=parent, parental_authority=True).select_related(
        "child"
    )
    return sorted((link.child for link in links), key=lambda c: (c.first_name, c.pk))


def received_by_parent(parent: Any, child_id: int | None = None) -> list[Received]:
    """The parent's mots, newest first, per child (one query, with the other parent's status)."""
    rows = (
        NoteRecipient.objects.filter(parent=parent)
        .select_related("note__author")
        .annotate(
            family_signed=Count(
                "note__recipients",
                filter=Q(
                    note__recipients__pupil_id=F("pupil_id"),
                    note__recipients__signed_at__isnull=False,
                ),
            )
        )
        .order_by("-note__created_at", "-note_id", "pupil_id")
    )
    if child_id is not None:
        rows = rows.filter(pupil_id=child_id)
    return [
        Received(
            r.note,
            r.pupil_id,
            r.signed_at,
            r.answer,
            others_signed=r.family_signed > (1 if r.signed_at else 0),
        )
        for r in rows
    ]


def received_by_pupil(pupil: Any) -> QuerySet[Note]:
    """A pupil's mots (those of their class, as published), newest first: one query."""
    return (
        Note.objects.filter(recipients__pupil=pupil)
        .select_related("author")
        .distinct()
        .order_by("-created_at", "-id")
    )


def written_by(author: Any) -> QuerySet[Note]:
    """Mots written by the person, with signature counts per pupil: one query."""
    return (
        Note.objects.filter(author=author)
        .annotate(
            expected=Count("recipients__pupil", distinct=True),
            signed=Count(
                "recipients__pupil",
                filter=Q(recipients__signed_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-id")
    )


def signature_counts(note: Note) -> dict[str, int]:
    """{"expected": pupils addressed, "signed": pupils with at least one signature}: one query."""
    counts = NoteRecipient.objects.filter(note=note).aggregate(
        expected=Count("pupil", distinct=True),
        signed=Count("pupil", filter=Q(signed_at__isnull=False), distinct=True),
    )
    return {"expected": counts["expected"] or 0, "signed": counts["signed"] or 0}


@dataclass
class FollowUpRow:
    pupil: Any
    class_name: str
    parents: list[NoteRecipient] = field(default_factory=list)

    @property
    def signed(self) -> bool:
        return any(r.signed_at for r in self.parents)

    @property
    def answers(self) -> list[str]:
        return [r.answer for r in self.parents if r.answer]


def follow_up(note: Note) -> list[FollowUpRow]:
    """Per pupil: their class, each representative's signature and answer. One query."""
    rows = (
        NoteRecipient.objects.filter(note=note)
        .select_related("pupil", "parent", "school_class")
        .order_by("school_class__name", "pupil__last_name", "pupil__first_name", "pupil_id")
    )
    by_pupil: dict[int, FollowUpRow] = {}
    for row in rows:
        line = by_pupil.setdefault(
            row.pupil_id,
            FollowUpRow(row.pupil, row.school_class.name if row.school_class else ""),
        )
        if row.parent_id is not None:
            line.parents.append(row)
    return list(by_pupil.values())


def attachments_of(note: Note) -> list[NoteAttachment]:
    """The mot's files in their order, with their stored file (one query)."""
    return list(note.attachments.select_related("file"))


def attachment(note: Note, attachment_id: int) -> NoteAttachment | None:
    return note.attachments.select_related("file").filter(pk=attachment_id).first()


def get_note(note_id: int) -> Note | None:
    return Note.objects.select_related("author", "school").filter(pk=note_id).first()


def messages_for_teacher(teacher: Any) -> QuerySet[ParentMessage]:
    return (
        ParentMessage.objects.filter(teacher=teacher)
        .select_related("author", "pupil")
        .order_by("-created_at", "-id")
    )


def messages_by_parent(parent: Any, child_id: int | None = None) -> QuerySet[ParentMessage]:
    rows = ParentMessage.objects.filter(author=parent).select_related("teacher", "pupil")
    if child_id is not None:
        rows = rows.filter(pupil_id=child_id)
    return rows.order_by("-created_at", "-id")
