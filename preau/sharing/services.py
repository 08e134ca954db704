"""Sharing a resource: only with people and groups the communication rules let the actor reach."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model

from preau.communication.selectors import may_reach
from preau.core.audit import audit
from preau.core.errors import InvalidInput, PermissionDenied
from preau.directory.models import Group
from preau.sharing.errors import CommunicationForbidden
from preau.sharing.models import Level, Share
from preau.sharing.policies import SharePolicy


def _target(with_user: Any, with_group: Group | None) -> dict[str, Any]:
    if (with_user is None) == (with_group is None):
        raise InvalidInput(
            "Choisissez une personne ou un groupe avec qui partager.", code="share_target_invalid"
        )
    return (
        {"user": with_user, "group": None}
        if with_user is not None
        else {
            "user": None,
            "group": with_group,
        }
    )


def _require_manager(actor: Any, policy: SharePolicy, resource: Model) -> None:
    if not policy.abilities(actor, resource)["manage"]:
        raise PermissionDenied("Seules les personnes qui gèrent cette ressource la partagent.")


def share(
    actor: Any,
    policy: SharePolicy,
    resource: Model,
    *,
    with_user: Any = None,
    with_group: Group | None = None,
    level: str = Level.READ,
    can_publish: bool = False,
    can_comment: bool = False,
) -> Share:
    """Create or change a share. Refused with `communication_forbidden` outside the rules."""
    target = _target(with_user, with_group)
    if with_group is not None and with_group.is_computed:
        # A wide group's members are computed for messages (ADR 0047); the share policies read
        # stored memberships, so a share with it would reach nobody.
        raise InvalidInput(
            "Un groupe de toute une académie, circonscription ou collectivité sert aux messages ;"
            " on ne peut pas lui partager un document.",
            code="group_not_shareable",
        )
    if level not in Level.values:
        raise InvalidInput(f"Droit inconnu : {level}.", code="share_level_invalid")
    _require_manager(actor, policy, resource)
    recipient = with_user if with_user is not None else with_group
    if not may_reach(actor, recipient):
        raise CommunicationForbidden()
    with transaction.atomic():
        item, _ = Share.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(resource),
            object_id=resource.pk,
            **target,
            defaults={
                "level": level,
                "can_publish": can_publish,
                "can_comment": can_comment,
                "shared_by": actor,
            },
        )
        audit(
            actor,
            "sharing.shared",
            resource,
            user=getattr(with_user, "pk", None),
            group=getattr(with_group, "pk", None),
            level=level,
            publish=can_publish,
            comment=can_comment,
        )
    return item


def unshare(
    actor: Any,
    policy: SharePolicy,
    resource: Model,
    *,
    with_user: Any = None,
    with_group: Group | None = None,
) -> int:
    target = _target(with_user, with_group)
    _require_manager(actor, policy, resource)
    with transaction.atomic():
        deleted, _ = Share.objects.filter(
            content_type=ContentType.objects.get_for_model(resource),
            object_id=resource.pk,
            **target,
        ).delete()
        if deleted:
            audit(actor, "sharing.unshared", resource, user=getattr(with_user, "pk", None))
    return deleted


def forget(resource: Model) -> None:
    """The owning app's delete service calls this: shares have no FK to their resource."""
    Share.objects.filter(
        content_type=ContentType.objects.get_for_model(resource), object_id=resource.pk
    ).delete()
