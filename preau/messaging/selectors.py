"""Reads of the messagerie, each shaped for one screen or endpoint (query counts pinned)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet

from preau.communication.search import name_filter
from preau.core.compiled import CompiledCount, Viewer
from preau.directory.models import Group, SchoolClass
from preau.messaging import policies
from preau.messaging.models import Attachment, ClassModeration, Delivery, Folder, Message

PAGE_SIZE = 50
RECEIPTS_SHOWN = 200


def _in_folder(user: Any, folder: str | int) -> QuerySet[Delivery]:
    copies = policies.visible_to(user)
    if folder == "trash":
        return copies.filter(trashed_at__isnull=False)
    copies = copies.filter(trashed_at__isnull=True)
    if folder in ("inbox", "sent", "drafts"):
        return copies.filter(box=folder, folder__isnull=True)
    return copies.filter(folder_id=int(folder))


def mailbox(
    user: Any, folder: str | int = "inbox", *, query: str = "", limit: int = PAGE_SIZE
) -> list[Delivery]:
    """One folder, newest first, or a search across all of one's own messages (1 query)."""
    copies = policies.visible_to(user).filter(_search(query)) if query else _in_folder(user, folder)
    return list(
        copies.select_related("message", "message__sender").order_by("-date", "-id")[:limit]
    )


def _search(query: str) -> Q:
    return name_filter(query, ("message__subject", "message__body_text")) | name_filter(
        query,
        ("message__sender__first_name", "message__sender__last_name"),
    )


_unread = CompiledCount(
    lambda user_id: policies.visible_to(Viewer(user_id)).filter(
        box=Delivery.Box.INBOX, read_at__isnull=True, trashed_at__isnull=True
    ),
    per="user_id",
)


def unread_count(user: Any) -> int:
    """The inbox's unread counter (partial index `delivery_unread`): one statement, compiled once
    per process and prepared, since every page's badge asks it (ADR 0069)."""
    return _unread.count(user.pk) if getattr(user, "is_authenticated", False) else 0


@dataclass(frozen=True)
class FolderLine:
    code: str
    label: str
    unread: int


def folders(user: Any) -> list[FolderLine]:
    """The boxes and personal folders with their unread counts (2 queries)."""
    unread = Q(
        deliveries__box=Delivery.Box.INBOX,
        deliveries__read_at__isnull=True,
        deliveries__deleted_at__isnull=True,
    )
    personal = (
        Folder.objects.filter(owner_id=user.pk)
        .annotate(
            unread=Count("deliveries", filter=unread & Q(deliveries__trashed_at__isnull=True))
        )
        .order_by("name", "id")
    )
    inbox = FolderLine("inbox", "Boîte de réception", unread_count(user))
    fixed = [
        inbox,
        FolderLine("sent", "Messages envoyés", 0),
        FolderLine("drafts", "Brouillons", 0),
        FolderLine("trash", "Corbeille", 0),
    ]
    return fixed + [FolderLine(str(f.pk), f.name, f.unread) for f in personal]


def open_copy(user: Any, message_id: int) -> Delivery | None:
    return (
        policies.visible_to(user)
        .filter(message_id=message_id)
        .select_related("message", "message__sender", "message__moderation_class")
        .first()
    )


def thread(user: Any, message: Message) -> list[Delivery]:
    """The messages of the conversation this person holds, oldest first (1 query)."""
    root = message.thread_id or message.pk
    return list(
        policies.visible_to(user)
        .filter(Q(message_id=root) | Q(message__thread_id=root))
        .exclude(box=Delivery.Box.DRAFTS)
        .select_related("message", "message__sender")
        .order_by("date", "id")
    )


def attachments(message: Message) -> list[Attachment]:
    """The files of a message the caller already may read, in order (1 query)."""
    return list(Attachment.objects.filter(message=message).select_related("file"))


def held_attachments(user: Any, message_id: int) -> list[Attachment]:
    """The files of a message `user` holds a copy of (a draft, a message forwarded; 1 query)."""
    held = policies.attachments_visible_to(user).filter(message_id=message_id)
    return list(held.select_related("file"))


def attachment_for(user: Any, message_id: int, attachment_id: int) -> Attachment | None:
    """One file of a message `user` holds a copy of, or None (1 query)."""
    return (
        policies.attachments_visible_to(user)
        .filter(pk=attachment_id, message_id=message_id)
        .select_related("file")
        .first()
    )


@dataclass(frozen=True)
class Addressees:
    people: list[Any]
    groups: list[Group]


def addressees(message: Message) -> Addressees:
    """Whom the sender chose (2 queries)."""
    people = list(
        get_user_model()
        .objects.filter(pk__in=message.to_users)
        .only("id", "first_name", "last_name", "usage_name")
    )
    groups = list(Group.objects.filter(pk__in=message.to_groups).only("id", "name"))
    return Addressees(people, groups)


@dataclass(frozen=True)
class Receipts:
    total: int
    read: int
    readers: list[Delivery]  # one page of copies: everyone (small sends), else readers only
    page: int = 1
    has_next: bool = False

    @property
    def readers_only(self) -> bool:
        return self.total > RECEIPTS_SHOWN


def receipts(message: Message, page: int = 1) -> Receipts:
    """For the sender: who has read (2 queries whatever the number of recipients).

    Up to RECEIPTS_SHOWN recipients, every copy, readers first. Above (a school's or an
    académie's broadcast), the readers alone, most recent first, a page at a time, read from
    the partial index `delivery_readers` (only read copies are in it, so the fan-out never
    writes to it); the totals come from the message once the fan-out is done."""
    page = max(1, page)
    copies = Delivery.objects.filter(message=message, box=Delivery.Box.INBOX)
    readers = copies.filter(read_at__isnull=False)
    if message.fanout_done_at is not None:
        total, read = message.recipient_count, readers.count()
    else:
        counts = copies.aggregate(
            total=Count("id"), read=Count("id", filter=Q(read_at__isnull=False))
        )
        total, read = counts["total"], counts["read"]
    if total <= RECEIPTS_SHOWN:
        shown = copies.order_by(F("read_at").asc(nulls_last=True), "user__last_name", "user_id")
    else:
        shown = readers.order_by("-read_at", "-user_id")
    start = (page - 1) * RECEIPTS_SHOWN
    rows = list(shown.select_related("user")[start : start + RECEIPTS_SHOWN + 1])
    return Receipts(total, read, rows[:RECEIPTS_SHOWN], page, len(rows) > RECEIPTS_SHOWN)


def moderation_queue(user: Any) -> list[Message]:
    return list(
        policies.moderation_queue_for(user)
        .select_related("sender", "moderation_class")
        .order_by("sent_at", "id")
    )


def moderated_classes(user: Any) -> list[tuple[SchoolClass, bool]]:
    """The classes `user` teaches this year, with whether pupils' messages wait (2 queries)."""
    from preau.directory import policies as directory_policies

    scope = directory_policies.get_scope(user)
    classes = list(
        SchoolClass.objects.filter(pk__in=sorted(scope.taught_class_ids)).order_by("name")
    )
    enabled = set(
        ClassModeration.objects.filter(school_class__in=classes, enabled=True).values_list(
            "school_class_id", flat=True
        )
    )
    return [(c, c.pk in enabled) for c in classes]
