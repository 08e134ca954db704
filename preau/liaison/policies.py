"""Who may write, read, sign, follow and remind in the carnet de liaison.

- Write a mot: a teacher to the pupils of the classes they teach this year; the school's
  managers (directeur, admin_local) to any class, any pupil or the whole school.
- Read a mot: its author, the managers of its school, and the people it was published to (each
  pupil and each of their legal representatives, frozen at publication).
- Sign and answer: a legal representative among the recipients, for their own child.
- Follow, export, remind: the author and the managers of the school.
- A parent's mot: its author and the teacher it is addressed to; the teacher acknowledges it.
The directory's `Scope` (4 queries) says where the person stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from preau.directory.models import ClassMembership, SchoolClass
from preau.directory.policies import Scope, get_scope
from preau.directory.schoolyear import current_school_year
from preau.liaison.models import Note, NoteRecipient, ParentMessage

NOTE_ACTIONS = ("view", "sign", "answer", "follow", "remind")
MESSAGE_ACTIONS = ("view", "acknowledge")


@dataclass(frozen=True)
class WriteScope:
    """Where a person may publish mots: classes they teach, schools they manage."""

    class_ids: frozenset[int]
    school_ids: frozenset[int]

    @property
    def any(self) -> bool:
        return bool(self.class_ids or self.school_ids)


def write_scope(user: Any, scope: Scope | None = None) -> WriteScope:
    scope = scope or get_scope(user)
    if scope.user_id is None:
        return WriteScope(frozenset(), frozenset())
    return WriteScope(scope.taught_class_ids, scope.managed_school_ids)


def writable_classes(user: Any, scope: Scope | None = None) -> QuerySet[SchoolClass]:
    """This year's classes the person may address (one query once the scope is known)."""
    ws = write_scope(user, scope)
    return (
        SchoolClass.objects.filter(
            Q(pk__in=ws.class_ids) | Q(school_id__in=ws.school_ids),
            school_year=current_school_year(),
            archived_at__isnull=True,
        )
        .select_related("school")
        .order_by("school__name", "name")
    )


def visible_to(user: Any) -> QuerySet[Note]:
    """Mots the person may read: written, managed (their school) or received."""
    if not getattr(user, "is_authenticated", False):
        return Note.objects.none()
    received = NoteRecipient.objects.filter(
        Q(parent_id=user.pk) | Q(pupil_id=user.pk), note_id=OuterRef("pk")
    )
    scope = get_scope(user)
    return Note.objects.filter(
        Q(author_id=user.pk) | Q(school_id__in=scope.managed_school_ids) | Exists(received)
    )


def note_abilities(user: Any, note: Note, scope: Scope | None = None) -> dict[str, bool]:
    """Abilities on one mot: the scope (4 queries) and one query on its recipients."""
    if not getattr(user, "is_authenticated", False):
        return dict.fromkeys(NOTE_ACTIONS, False)
    scope = scope or get_scope(user)
    manages = note.author_id == user.pk or note.school_id in scope.managed_school_ids
    rows = NoteRecipient.objects.filter(note=note).filter(
        Q(parent_id=user.pk) | Q(pupil_id=user.pk)
    )
    roles = {("parent" if r.parent_id == user.pk else "pupil") for r in rows.only("parent_id")}
    is_parent = "parent" in roles
    return {
        "view": manages or bool(roles),
        "sign": is_parent and note.requires_signature,
        "answer": is_parent and note.has_reply,
        "follow": manages,
        "remind": manages and note.requires_signature,
    }


def message_visible_to(user: Any) -> QuerySet[ParentMessage]:
    if not getattr(user, "is_authenticated", False):
        return ParentMessage.objects.none()
    return ParentMessage.objects.filter(Q(author_id=user.pk) | Q(teacher_id=user.pk))


def message_abilities(user: Any, message: ParentMessage) -> dict[str, bool]:
    uid = getattr(user, "pk", None)
    return {
        "view": uid in (message.author_id, message.teacher_id),
        "acknowledge": uid == message.teacher_id and message.acknowledged_at is None,
    }


def get_abilities(user: Any, obj: Any) -> dict[str, bool]:
    if isinstance(obj, ParentMessage):
        return message_abilities(user, obj)
    if isinstance(obj, Note):
        return note_abilities(user, obj)
    if isinstance(obj, WriteScope):
        return {"write": obj.any}
    raise TypeError(f"No liaison policy for {type(obj).__name__}")


def teachers_of_child(parent: Any, child_id: int) -> QuerySet[Any]:
    """The current teachers of a child of `parent` (empty when not their child): one query."""
    from django.contrib.auth import get_user_model

    from preau.directory.models import ParentLink

    is_child = ParentLink.objects.filter(
        parent_id=parent.pk, child_id=child_id, parental_authority=True
    )
    child_classes = ClassMembership.objects.filter(
        user_id=child_id,
        role=ClassMembership.Role.ELEVE,
        ended_at__isnull=True,
        school_class__school_year=current_school_year(),
    ).values("school_class_id")
    teaching = ClassMembership.objects.filter(
        role=ClassMembership.Role.ENSEIGNANT,
        ended_at__isnull=True,
        school_class_id__in=child_classes,
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=teaching, is_active=True)
        .filter(Exists(is_child))
        .order_by("last_name", "first_name")
    )
