"""All writes: school toggles, class overrides, reset, and the kill switch (audited)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from preau.communication import policies
from preau.communication.catalogue import DEFAULTS, TOGGLES_BY_CODE
from preau.communication.models import CommunicationRule, MessagingSuspension
from preau.communication.selectors import BANNER_CACHE_KEY
from preau.core.audit import audit
from preau.core.errors import InvalidInput, NotFound, PermissionDenied
from preau.directory.models import Profile, School, SchoolClass


def _authorize(actor: Any, action: str, obj: Any) -> None:
    """`actor=None` is the system (school creation, imports)."""
    if actor is not None and not policies.get_abilities(actor, obj).get(action, False):
        raise PermissionDenied()


def _toggle(code: str, *, per_class: bool = False) -> None:
    toggle = TOGGLES_BY_CODE.get(code)
    if toggle is None:
        raise InvalidInput(f"Règle inconnue : {code}.", code="rule_unknown")
    if per_class and not toggle.per_class:
        raise InvalidInput(
            "Cette règle se règle pour toute l'école, pas classe par classe.",
            code="rule_not_per_class",
        )


def apply_default_rules(school: School, actor: Any = None) -> None:
    """Write the rules.md §7.3 defaults for `school` (creation, import, reset)."""
    _authorize(actor, "manage_rules", school)
    with transaction.atomic():
        CommunicationRule.objects.filter(school=school).delete()
        CommunicationRule.objects.bulk_create(
            CommunicationRule(school=school, code=code, enabled=enabled)
            for code, enabled in DEFAULTS.items()
        )
        if actor is not None:
            audit(actor, "communication.rules.reset", school)


def set_school_rule(actor: Any, school: School, code: str, enabled: bool) -> CommunicationRule:
    _authorize(actor, "manage_rules", school)
    _toggle(code)
    with transaction.atomic():
        rule, _ = CommunicationRule.objects.update_or_create(
            school=school, school_class=None, code=code, defaults={"enabled": bool(enabled)}
        )
        audit(actor, "communication.rule.changed", school, code=code, enabled=bool(enabled))
    return rule


def set_school_rules(actor: Any, school: School, values: dict[str, bool]) -> list[str]:
    """Set several toggles at once (the director's form); returns the codes that changed."""
    _authorize(actor, "manage_rules", school)
    for code in values:
        _toggle(code)
    with transaction.atomic():
        current = {
            r.code: r
            for r in CommunicationRule.objects.select_for_update().filter(
                school=school, school_class__isnull=True
            )
        }
        changed = []
        for code, enabled in values.items():
            was = current[code].enabled if code in current else DEFAULTS[code]
            if was != bool(enabled):
                changed.append(code)
                CommunicationRule.objects.update_or_create(
                    school=school, school_class=None, code=code, defaults={"enabled": bool(enabled)}
                )
        if changed:
            audit(actor, "communication.rules.changed", school, **{c: values[c] for c in changed})
    return changed


def set_class_rule(
    actor: Any, school_class: SchoolClass, code: str, enabled: bool | None
) -> CommunicationRule | None:
    """The teacher's per-class override; `enabled=None` goes back to the school's rule."""
    _authorize(actor, "manage_class_rules", school_class)
    _toggle(code, per_class=True)
    with transaction.atomic():
        rule = None
        if enabled is None:
            CommunicationRule.objects.filter(school_class=school_class, code=code).delete()
        else:
            rule, _ = CommunicationRule.objects.update_or_create(
                school=school_class.school,
                school_class=school_class,
                code=code,
                defaults={"enabled": bool(enabled)},
            )
        audit(actor, "communication.class_rule.changed", school_class, code=code, enabled=enabled)
    return rule


def set_class_rules(
    actor: Any, school_class: SchoolClass, values: dict[str, bool | None]
) -> list[str]:
    """The teacher's form: several overrides at once (None = follow the school)."""
    _authorize(actor, "manage_class_rules", school_class)
    for code in values:
        _toggle(code, per_class=True)
    with transaction.atomic():
        current = dict(
            CommunicationRule.objects.filter(school_class=school_class).values_list(
                "code", "enabled"
            )
        )
        changed = [code for code, value in values.items() if current.get(code) != value]
        for code in changed:
            set_class_rule(actor, school_class, code, values[code])
    return changed


def reset_school_rules(actor: Any, school: School) -> None:
    """Back to the defaults, class overrides included."""
    apply_default_rules(school, actor=actor)


def _drop_banner_cache() -> None:
    cache.delete(BANNER_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(BANNER_CACHE_KEY))


def suspend_messaging(
    actor: Any,
    *,
    reason: str,
    school: School | None = None,
    profile: str = "",
    ends_at: datetime.datetime | None = None,
) -> MessagingSuspension:
    """The kill switch: sending stops at once for the scope (rules.md §7.4)."""
    if school is None:
        _authorize(actor, "suspend_global", None)
    else:
        _authorize(actor, "suspend", school)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Indiquez le motif de la suspension.", code="reason_required")
    if len(reason) > 300:
        raise InvalidInput("Le motif dépasse 300 caractères.", code="reason_too_long")
    if profile and profile not in Profile.values:
        raise InvalidInput(f"Profil inconnu : {profile}.", code="profile_unknown")
    if ends_at is not None and ends_at <= timezone.now():
        raise InvalidInput("La fin prévue doit être dans le futur.", code="ends_at_past")
    with transaction.atomic():
        suspension = MessagingSuspension.objects.create(
            school=school, profile=profile, reason=reason, ends_at=ends_at, created_by=actor
        )
        audit(
            actor,
            "communication.messaging.suspended",
            school,
            suspension=suspension.pk,
            profile=profile,
            reason=reason,
            ends_at=ends_at.isoformat() if ends_at else None,
        )
        _drop_banner_cache()
    return suspension


def lift_suspension(actor: Any, suspension_id: int) -> MessagingSuspension:
    with transaction.atomic():
        suspension = (
            MessagingSuspension.objects.select_for_update(of=("self",))
            .filter(pk=suspension_id, lifted_at__isnull=True)
            .select_related("school")
            .first()
        )
        if suspension is None:
            raise NotFound("Cette suspension n'existe pas ou a déjà été levée.")
        if suspension.school is None:
            _authorize(actor, "suspend_global", None)
        else:
            _authorize(actor, "suspend", suspension.school)
        suspension.lifted_at = timezone.now()
        suspension.lifted_by = actor
        suspension.save(update_fields=["lifted_at", "lifted_by"])
        audit(actor, "communication.messaging.resumed", suspension.school, suspension=suspension.pk)
        _drop_banner_cache()
    return suspension
