"""The one way any app stores, copies or deletes file bytes (messagerie, carnet, blog, documents…).

    stored = storage.services.store(actor, upload, service="messagerie")
    storage.services.discard(actor, [stored])          # inside the owning app's transaction

Every stored byte is counted against its owner's quota in the same transaction that records the
row; blobs written before a failure are removed, so nothing is left behind.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from preau.core.audit import audit
from preau.core.authorization import authorize
from preau.core.errors import InvalidInput
from preau.storage import blobs, policies
from preau.storage.errors import QuotaExceeded
from preau.storage.intake import CheckedFile, checked_upload
from preau.storage.models import Quota, StoredFile
from preau.storage.selectors import is_staff_person, limit_for, max_upload_bytes


def store(
    actor: Any, upload: Any, *, service: str, owner: Any = None, name: str | None = None
) -> StoredFile:
    """Check and store `upload` (a Django UploadedFile or any binary file with a name).

    Refuses with `file_too_large`, `file_type_refused`, `virus_found`, `quota_exceeded`
    (typed `PreauError`s with a French message); on refusal nothing is stored nor counted.
    A large Django upload (a temporary file) is moved into local storage, so store each upload
    once and use `copy` for a second copy (ADR 0041).
    """
    owner = owner or actor
    staff = is_staff_person(owner)
    limit = max_upload_bytes(owner, service, staff)
    with checked_upload(upload, limit=limit, name=name) as checked:
        return _commit(actor, owner, service, checked, staff)


def _locked_quota(owner: Any) -> Quota:
    """The person's quota row, locked (one query once it exists)."""
    quota = Quota.objects.select_for_update().filter(pk=owner.pk).first()
    if quota is None:
        Quota.objects.get_or_create(user_id=owner.pk)
        quota = Quota.objects.select_for_update().get(pk=owner.pk)
    return quota


def _require_room(owner: Any, quota: Quota, needed: int, staff: bool) -> None:
    limit = limit_for(owner, quota, staff)
    if quota.used_bytes + needed > limit:
        raise QuotaExceeded.for_usage(quota.used_bytes, limit, needed)


def _record(
    actor: Any,
    owner: Any,
    staff: bool,
    needed: int,
    put: Callable[[list[str]], dict[str, Any]],
    action: str,
) -> StoredFile:
    """Lock the quota, check room for `needed` bytes, let `put` write the blobs (appending their
    keys to the list it gets) and return the row's fields; record the row and charge it. Blobs
    written before any failure are deleted."""
    written: list[str] = []
    try:
        with transaction.atomic():
            quota = _locked_quota(owner)
            _require_room(owner, quota, needed, staff)
            stored = StoredFile.objects.create(owner=owner, **put(written))
            _charge(owner.pk, stored.charged_bytes)
            audit(actor, action, stored, service=stored.service, size=stored.charged_bytes)
    except BaseException:
        for key in written:
            blobs.delete(key)
        raise
    return stored


def _commit(actor: Any, owner: Any, service: str, checked: CheckedFile, staff: bool) -> StoredFile:
    thumb = checked.thumbnail or b""

    def put(written: list[str]) -> dict[str, Any]:
        key = blobs.new_key(service)
        if checked.movable is not None:
            blobs.write(key, checked.movable)  # local back-end: moved, not copied
        else:
            with checked.path.open("rb") as handle:
                blobs.write(key, handle)
        written.append(key)
        thumb_key = ""
        if thumb:
            thumb_key = blobs.new_key(service, "-thumb.jpg")
            blobs.write(thumb_key, io.BytesIO(thumb))
            written.append(thumb_key)
        return {
            "service": service,
            "name": checked.name,
            "content_type": checked.content_type,
            "size": checked.size,
            "sha256": checked.sha256,
            "key": key,
            "thumbnail_key": thumb_key,
            "thumbnail_size": len(thumb),
            "width": checked.width,
            "height": checked.height,
        }

    return _record(actor, owner, staff, checked.size + len(thumb), put, "storage.stored")


def _charge(user_id: int, delta: int) -> None:
    Quota.objects.filter(pk=user_id).update(used_bytes=Greatest(F("used_bytes") + delta, Value(0)))


def copy(actor: Any, source: StoredFile, *, owner: Any = None, service: str = "") -> StoredFile:
    """A new blob with the same bytes, charged to `owner` (default: the actor)."""
    owner = owner or actor
    service = service or source.service

    def put(written: list[str]) -> dict[str, Any]:
        key = blobs.new_key(service)
        blobs.copy(source.key, key)
        written.append(key)
        thumb_key = ""
        if source.thumbnail_key:
            thumb_key = blobs.new_key(service, "-thumb.jpg")
            blobs.copy(source.thumbnail_key, thumb_key)
            written.append(thumb_key)
        fields = ("name", "content_type", "size", "sha256", "thumbnail_size", "width", "height")
        return {
            **{f: getattr(source, f) for f in fields},
            "service": service,
            "key": key,
            "thumbnail_key": thumb_key,
        }

    staff = is_staff_person(owner)
    return _record(actor, owner, staff, source.charged_bytes, put, "storage.copied")


def discard(actor: Any, files: Iterable[StoredFile]) -> int:
    """Delete rows now and their blobs once the caller's transaction commits; give bytes back.

    The owning app has authorised the deletion; call inside its `transaction.atomic()`."""
    files = list(files)
    if not files:
        return 0
    freed: dict[int, int] = defaultdict(int)
    keys: list[str] = []
    for item in files:
        freed[item.owner_id] += item.charged_bytes
        keys.extend(k for k in (item.key, item.thumbnail_key) if k)
    with transaction.atomic():
        for user_id, size in freed.items():
            _charge(user_id, -size)
        StoredFile.objects.filter(pk__in=[f.pk for f in files]).delete()
        audit(
            actor, "storage.discarded", None, files=[f.pk for f in files], size=sum(freed.values())
        )
        transaction.on_commit(lambda: _delete_blobs(keys))
    return len(files)


def forget_owners(actor: Any, user_ids: Iterable[int]) -> int:
    """Before accounts are deleted: their files' bytes go once the deletion commits.

    The rows (and quotas) go with the accounts by cascade; this keeps the stored bytes from
    outliving them (rules.md §8). Call inside the deleting transaction."""
    rows = StoredFile.objects.filter(owner_id__in=list(user_ids)).values_list(
        "key", "thumbnail_key"
    )
    keys = [key for pair in rows for key in pair if key]
    if keys:
        audit(actor, "storage.owners_forgotten", None, blobs=len(keys))
        transaction.on_commit(lambda: _delete_blobs(keys))
    return len(keys)


def forget_bytes(files: Iterable[StoredFile]) -> None:
    """The bytes of files whose rows the caller's transaction rolled back (after a later step of
    the same write failed): nothing must stay behind in the storage."""
    _delete_blobs([k for f in files for k in (f.key, f.thumbnail_key) if k])


def _delete_blobs(keys: list[str]) -> None:
    for key in keys:
        blobs.delete(key)


def set_quota(actor: Any, user: Any, limit_bytes: int | None) -> Quota:
    """An administrator gives a person their own limit (None: back to the profile's default)."""
    if limit_bytes is not None and limit_bytes < 0:
        raise InvalidInput("La limite doit être positive.", code="quota_invalid")
    with transaction.atomic():
        quota = _locked_quota(user)
        authorize(policies, actor, "change", quota)
        quota.limit_bytes = limit_bytes
        quota.save(update_fields=["limit_bytes", "updated_at"])
        audit(actor, "storage.quota_changed", quota, limit=limit_bytes)
    return quota


def recount(user: Any) -> Quota:
    """Set `used_bytes` from the stored rows (repair after an operator's manual deletion)."""
    from django.db.models import Sum

    with transaction.atomic():
        quota = _locked_quota(user)
        rows = StoredFile.objects.filter(owner_id=user.pk)
        total = rows.aggregate(s=Sum(F("size") + F("thumbnail_size")))["s"] or 0
        quota.used_bytes = total
        quota.save(update_fields=["used_bytes", "updated_at"])
    return quota
