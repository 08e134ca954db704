"""`SharePolicy`: what a shareable model's `visible_to(user)` and `get_abilities` build on.

    documents = SharePolicy(Document, owner_field="owner")
    def visible_to(user): return documents.visible_to(user)            # 1 query, lazy
    def get_abilities(user, doc): return documents.abilities(user, doc)  # 1 query

A person sees a resource they own, or one shared with them directly or with a group they belong
to, at the wanted level or above.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from preau.directory.models import GroupMembership
from preau.sharing.models import LEVEL_RANK, Level, Share

ACTIONS = ("read", "contribute", "manage", "publish", "comment")


class SharePolicy:
    def __init__(self, model: type[Model], owner_field: str = "owner") -> None:
        self.model = model
        self.owner_field = owner_field

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)  # cached by Django after first use

    def shares_for(self, user: Any) -> QuerySet[Share]:
        """The shares reaching `user`, directly or through their groups."""
        groups = GroupMembership.objects.filter(user_id=user.pk).values("group_id")
        return Share.objects.filter(
            Q(user_id=user.pk) | Q(group_id__in=groups), content_type=self.content_type()
        )

    def visible_to(self, user: Any, level: str = Level.READ) -> QuerySet[Any]:
        if user is None or not getattr(user, "is_authenticated", False):
            return self.model._default_manager.none()
        shared = self.shares_for(user).filter(rank__gte=LEVEL_RANK[Level(level)])
        return self.model._default_manager.filter(
            Q(**{self.owner_field: user}) | Q(pk__in=shared.values("object_id"))
        )

    def abilities(self, user: Any, obj: Model) -> dict[str, bool]:
        if user is None or not getattr(user, "is_authenticated", False):
            return dict.fromkeys(ACTIONS, False)
        if getattr(obj, f"{self.owner_field}_id", None) == user.pk:
            return dict.fromkeys(ACTIONS, True)
        rows = list(
            self.shares_for(user)
            .filter(object_id=obj.pk)
            .values_list("rank", "can_publish", "can_comment")
        )
        return abilities_from_rows(rows)


def abilities_from_rows(rows: list[tuple[int, bool, bool]]) -> dict[str, bool]:
    """Rights given by the (rank, can_publish, can_comment) of the shares reaching a person."""
    rank = max((r for r, _, _ in rows), default=0)
    return {
        "read": rank >= LEVEL_RANK[Level.READ],
        "contribute": rank >= LEVEL_RANK[Level.CONTRIBUTE],
        "manage": rank >= LEVEL_RANK[Level.MANAGE],
        "publish": rank >= LEVEL_RANK[Level.MANAGE] or any(p for _, p, _ in rows),
        "comment": rank >= LEVEL_RANK[Level.CONTRIBUTE] or any(c for _, _, c in rows),
    }


def visible_to(user: Any) -> QuerySet[Share]:
    """Shares a person received, directly or through their groups, or made."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Share.objects.none()
    groups = GroupMembership.objects.filter(user_id=user.pk).values("group_id")
    return Share.objects.filter(
        Q(user_id=user.pk) | Q(group_id__in=groups) | Q(shared_by_id=user.pk)
    )


def get_abilities(user: Any, share: Share) -> dict[str, bool]:
    mine = user is not None and share.shared_by_id == getattr(user, "pk", None)
    return {"view": mine or share.user_id == getattr(user, "pk", None), "revoke": mine}
