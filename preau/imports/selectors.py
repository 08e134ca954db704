"""Reads of the imports app: the reversibility export of a school's directory."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q

from preau.directory.models import ClassMembership, ParentLink, ProfileAssignment, School
from preau.imports.models import Absence, ImportJob


def export_school(school: School) -> list[dict[str, Any]]:
    """Every person of the school with login, profiles, names, birth date (pupils), classes
    (current memberships) and, for a responsable, the logins of their children. 4 queries."""
    people: dict[int, Any] = {}
    profiles: dict[int, set[str]] = defaultdict(set)
    for assignment in ProfileAssignment.objects.filter(school=school).select_related("user"):
        people[assignment.user_id] = assignment.user
        profiles[assignment.user_id].add(assignment.profile)
    classes: dict[int, list[str]] = defaultdict(list)
    memberships = ClassMembership.objects.filter(
        school_class__school=school, ended_at__isnull=True, school_class__archived_at__isnull=True
    ).values_list("user_id", "school_class__name", "school_class__school_year")
    for uid, name, year in memberships.order_by("school_class__school_year", "school_class__name"):
        classes[uid].append(f"{name} ({year}-{year + 1})")
    children: dict[int, list[str]] = defaultdict(list)
    links = ParentLink.objects.filter(
        Q(parent_id__in=list(people)), parental_authority=True
    ).values_list("parent_id", "child__login")
    for parent_id, login in links.order_by("child__login"):
        children[parent_id].append(login)
    absent = set(Absence.objects.filter(school=school).values_list("user_id", flat=True))
    return [
        _person(people[uid], sorted(profiles[uid]), classes[uid], children[uid], uid in absent)
        for uid in sorted(people, key=lambda u: people[u].login)
    ]


def _person(
    user: Any, profiles: list[str], classes: list[str], children: list[str], absent: bool
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "login": user.login,
        "profiles": profiles,
        "last_name": user.last_name,
        "usage_name": user.usage_name,
        "first_name": user.first_name,
        "classes": classes,
        "absent": absent,
    }
    if "eleve" in profiles:
        entry["birth_date"] = user.birth_date.isoformat() if user.birth_date else None
    if "responsable" in profiles:
        entry["children"] = children
    return entry


def recent_jobs(school: School, limit: int = 5) -> list[ImportJob]:
    """The school's last web imports, newest first, without their large JSON. One query."""
    return list(
        ImportJob.objects.filter(school=school)
        .select_related("created_by")
        .defer("preview", "report")
        .order_by("-created_at")[:limit]
    )


def job_page(pk: int) -> ImportJob | None:
    """A web import with its school, for its page and its progress fragment. One query."""
    return ImportJob.objects.select_related("school").filter(pk=pk).first()


PROFILE_LABELS = {"eleve": "élève", "responsable": "responsable", "enseignant": "enseignant"}


def preview_lists(data: dict[str, Any], limit: int = 300) -> dict[str, Any]:
    """The preview's or report's lists for display: each cut at `limit`, with what was left,
    profiles in French. No query."""
    changes = data.get("changes") or {}
    shown = {}
    for key in ("arrivals", "moves", "departures", "links"):
        rows = [_labelled(row) for row in changes.get(key, [])[:limit]]
        count = len(changes.get(key, []))
        shown[key] = {"rows": rows, "count": count, "more": max(0, count - limit)}
    return shown


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    profiles = row.get("profiles") or ([row["profile"]] if "profile" in row else [])
    return {**row, "label": ", ".join(PROFILE_LABELS.get(p, p) for p in profiles)}
