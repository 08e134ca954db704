"""Leavers: absent, then pre-deleted, then deleted (rules.md §8; docs/adr lifecycle states).

- `mark_absent` is called by full imports for people missing from them. Never-activated
  accounts are deleted at once; parents whose last child leaves leave with them.
- `run_lifecycle(today)` (daily task and `manage.py run_lifecycle`) moves absent people to
  pre-deleted after `PREAU_ABSENCE_DAYS` (30) and deletes pre-deleted ones after
  `PREAU_PREDELETION_DAYS` (60) more, in batches, each step audited. Running it twice on the same
  day changes nothing the second time.
- `restore` gives a pre-deleted person back their profiles, classes, links and manual groups.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from preau.accounts.models import User
from preau.core.audit import audit
from preau.core.errors import PermissionDenied
from preau.directory.models import (
    ClassMembership,
    Group,
    GroupMembership,
    ParentLink,
    Profile,
    ProfileAssignment,
    School,
)
from preau.directory.services.groups import refresh_derived_groups
from preau.lifecycle import conf, policies
from preau.lifecycle.errors import NotRestorable
from preau.lifecycle.models import AccountState
from preau.storage import services as storage

State = AccountState.State


def _departing_parents(child_ids: set[int]) -> set[int]:
    """Parents all of whose children are leaving or gone, and who hold no other profile."""
    parent_ids = set(
        ParentLink.objects.filter(child_id__in=child_ids).values_list("parent_id", flat=True)
    )
    staying = set(
        ParentLink.objects.filter(parent_id__in=parent_ids, child__lifecycle_state__isnull=True)
        .exclude(child_id__in=child_ids)
        .values_list("parent_id", flat=True)
    )
    other_roles = set(
        ProfileAssignment.objects.filter(user_id__in=parent_ids)
        .exclude(profile=Profile.RESPONSABLE)
        .values_list("user_id", flat=True)
    )
    return parent_ids - staying - other_roles - child_ids


def mark_absent(actor: Any, user_ids: Iterable[int], *, today: datetime.date | None = None) -> dict:
    """Record that these people left (missing from an authoritative import). Idempotent."""
    today = today or timezone.localdate()
    ids = set(user_ids)
    with transaction.atomic():
        ids |= _departing_parents(ids)
        already = set(
            AccountState.objects.filter(user_id__in=ids).values_list("user_id", flat=True)
        )
        new = ids - already
        never = set(
            User.objects.filter(pk__in=new, activated_at__isnull=True).values_list("pk", flat=True)
        )
        _delete_accounts(actor, never, reason="never_activated")
        marked = sorted(new - never)
        AccountState.objects.bulk_create(
            [AccountState(user_id=uid, state=State.ABSENT, absent_since=today) for uid in marked]
        )
        for uid in marked:
            audit(actor, "lifecycle.marked_absent", _user_ref(uid), since=today.isoformat())
    return {"absent": len(marked), "deleted": len(never)}


def mark_present(actor: Any, user_ids: Iterable[int]) -> int:
    """People back in a later import are present again (their state row goes)."""
    ids = list(user_ids)
    with transaction.atomic():
        back = list(AccountState.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
        AccountState.objects.filter(user_id__in=back).delete()
        for uid in back:
            audit(actor, "lifecycle.back", _user_ref(uid))
    return len(back)


def _user_ref(user_id: int) -> User:
    return User(pk=user_id)


def _delete_accounts(actor: Any, user_ids: Iterable[int], *, reason: str) -> int:
    ids = sorted(user_ids)
    if not ids:
        return 0
    schools = _schools_of(ids)
    for uid in ids:
        audit(actor, "lifecycle.deleted", _user_ref(uid), reason=reason)
    storage.forget_owners(actor, ids)
    User.objects.filter(pk__in=ids).delete()
    _refresh(schools)
    return len(ids)


def _schools_of(user_ids: list[int]) -> set[int]:
    return set(
        ProfileAssignment.objects.filter(user_id__in=user_ids, school__isnull=False).values_list(
            "school_id", flat=True
        )
    )


def _refresh(school_ids: set[int]) -> None:
    for school in School.objects.filter(pk__in=school_ids):
        refresh_derived_groups(school)


def _backup(user_id: int) -> dict[str, Any]:
    return {
        "profiles": list(
            ProfileAssignment.objects.filter(user_id=user_id).values(
                "profile",
                "school_id",
                "circonscription_id",
                "collectivite_id",
                "personnel_kind",
                "title",
            )
        ),
        "memberships": list(
            ClassMembership.objects.filter(user_id=user_id, ended_at__isnull=True).values_list(
                "pk", flat=True
            )
        ),
        "links": list(
            ParentLink.objects.filter(parent_id=user_id).values(
                "parent_id",
                "child_id",
                "parental_authority",
                "relationship",
                "contact_priority",
                "source",
            )
        ),
        "groups": list(
            GroupMembership.objects.filter(
                user_id=user_id, group__kind=Group.Kind.MANUAL
            ).values_list("group_id", flat=True)
        ),
    }


def pre_delete(states: list[AccountState], today: datetime.date) -> int:
    """Out of every group, class, profile and link, all kept in a backup for a restoration."""
    ids = [s.user_id for s in states]
    with transaction.atomic():
        schools = _schools_of(ids)
        for state in states:
            state.backup = _backup(state.user_id)
            state.state = State.PRE_DELETED
            state.pre_deleted_on = today
        AccountState.objects.bulk_update(states, ["backup", "state", "pre_deleted_on"])
        ClassMembership.objects.filter(user_id__in=ids, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        ParentLink.objects.filter(parent_id__in=ids).delete()
        GroupMembership.objects.filter(user_id__in=ids).delete()
        ProfileAssignment.objects.filter(user_id__in=ids).delete()
        for uid in ids:
            audit(None, "lifecycle.pre_deleted", _user_ref(uid), on=today.isoformat())
        _refresh(schools)
    return len(ids)


def run_lifecycle(today: datetime.date | None = None) -> dict[str, int]:
    """The daily pass. Each batch commits on its own; a second run the same day does nothing."""
    today = today or timezone.localdate()
    counts = {"deleted_never_activated": 0, "pre_deleted": 0, "deleted": 0}
    size = conf.batch_size()
    while batch := list(
        AccountState.objects.filter(
            state=State.ABSENT, user__activated_at__isnull=True
        ).values_list("user_id", flat=True)[:size]
    ):
        with transaction.atomic():
            counts["deleted_never_activated"] += _delete_accounts(
                None, batch, reason="never_activated"
            )
    absent_limit = today - datetime.timedelta(days=conf.absence_days())
    while states := list(
        AccountState.objects.filter(state=State.ABSENT, absent_since__lte=absent_limit).order_by(
            "user_id"
        )[:size]
    ):
        counts["pre_deleted"] += pre_delete(states, today)
    deletion_limit = today - datetime.timedelta(days=conf.predeletion_days())
    while batch := list(
        AccountState.objects.filter(
            state=State.PRE_DELETED, pre_deleted_on__lte=deletion_limit
        ).values_list("user_id", flat=True)[:size]
    ):
        with transaction.atomic():
            counts["deleted"] += _delete_accounts(None, batch, reason="deletion_delay_elapsed")
    return counts


def restore(actor: Any, target: User) -> User:
    """Give a pre-deleted person back what pre-deletion removed; they are present again."""
    if not policies.get_abilities(actor, target)["restore"]:
        raise PermissionDenied("Vous ne pouvez pas restaurer ce compte.")
    state = AccountState.objects.filter(user=target, state=State.PRE_DELETED).first()
    if state is None:
        raise NotRestorable()
    backup = state.backup
    with transaction.atomic():
        for row in backup.get("profiles", []):
            ProfileAssignment.objects.get_or_create(user=target, **row)
        ClassMembership.objects.filter(
            pk__in=backup.get("memberships", []), school_class__archived_at__isnull=True
        ).update(ended_at=None)
        for row in backup.get("links", []):
            if User.objects.filter(pk=row["child_id"]).exists():
                ParentLink.objects.get_or_create(
                    parent_id=row["parent_id"], child_id=row["child_id"], defaults=row
                )
        GroupMembership.objects.bulk_create(
            [
                GroupMembership(group_id=gid, user=target)
                for gid in Group.objects.filter(pk__in=backup.get("groups", [])).values_list(
                    "pk", flat=True
                )
            ],
            ignore_conflicts=True,
        )
        state.delete()
        audit(actor, "lifecycle.restored", target)
        _refresh(_schools_of([target.pk]))
    return target
