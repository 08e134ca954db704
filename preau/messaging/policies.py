"""Who may do what with a message copy, a pending message, or a class's moderation setting.

A person acts only on their own copies (`Delivery`); a recipient may answer (reply), everyone who
holds a copy may forward; the class's teachers (or the school's managers) moderate its pupils.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from preau.directory import policies as directory_policies
from preau.directory.models import SchoolClass
from preau.messaging.models import Attachment, Delivery, Message

DELIVERY_ACTIONS = ("read", "reply", "reply_all", "forward", "move", "delete", "edit")


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def delivery_abilities(user: Any, delivery: Delivery) -> dict[str, bool]:
    own = _signed_in(user) and delivery.user_id == user.pk and delivery.deleted_at is None
    message = delivery.message
    received = own and delivery.box == Delivery.Box.INBOX and message.status == Message.Status.SENT
    sent = own and delivery.box == Delivery.Box.SENT
    return {
        "read": own,
        "reply": received,
        "reply_all": received and len(message.to_users) + len(message.to_groups) > 1,
        "forward": received or (sent and message.status == Message.Status.SENT),
        "move": own and delivery.box != Delivery.Box.DRAFTS,
        "delete": own,
        "edit": own and delivery.box == Delivery.Box.DRAFTS,
        "see_receipts": sent,
    }


def class_abilities(user: Any, school_class: SchoolClass) -> dict[str, bool]:
    scope = directory_policies.get_scope(user)
    teaches = school_class.pk in scope.taught_class_ids
    manages = directory_policies.school_abilities(scope, school_class.school)["manage"]
    return {"set_moderation": teaches or manages, "moderate": teaches or manages}


def message_abilities(user: Any, message: Message) -> dict[str, bool]:
    """For a pending message: its class's teachers validate or refuse it."""
    if not _signed_in(user) or not message.is_pending or message.moderation_class_id is None:
        return {"moderate": False}
    scope = directory_policies.get_scope(user)
    return {"moderate": message.moderation_class_id in scope.taught_class_ids}


def get_abilities(user: Any, obj: Any) -> dict[str, bool]:
    if isinstance(obj, Delivery):
        return delivery_abilities(user, obj)
    if isinstance(obj, SchoolClass):
        return class_abilities(user, obj)
    if isinstance(obj, Message):
        return message_abilities(user, obj)
    return {}


def visible_to(user: Any) -> QuerySet[Delivery]:
    """A person's own copies, deleted ones excepted."""
    if not _signed_in(user):
        return Delivery.objects.none()
    return Delivery.objects.filter(user_id=user.pk, deleted_at__isnull=True)


def moderation_queue_for(user: Any) -> QuerySet[Message]:
    """Pending messages of the classes `user` teaches."""
    scope = directory_policies.get_scope(user)
    return Message.objects.filter(
        status=Message.Status.PENDING, moderation_class_id__in=sorted(scope.taught_class_ids)
    )


def attachments_visible_to(user: Any) -> QuerySet[Attachment]:
    """Files of the messages `user` holds a copy of (sender or recipient, not deleted)."""
    return Attachment.objects.filter(message_id__in=visible_to(user).values("message_id"))
