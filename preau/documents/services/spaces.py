"""Class and school-team spaces: a top folder per class / school, held by its derived groups.

The space's rights are ordinary shares (ADR 0011) from the system to the directory's derived
groups: the class's teachers manage it, its pupils and their parents read it; the school's
teachers and staff contribute to the team space. Created on first use, idempotent.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from preau.communication.search import fold
from preau.directory.models import Group, Profile, School, SchoolClass
from preau.directory.services.groups import refresh_derived_groups
from preau.documents.models import Folder, Space
from preau.documents.services._tree import link_new_folder
from preau.sharing.models import Level, Share

CLASS_RIGHTS = {
    Profile.ENSEIGNANT: Level.MANAGE,
    Profile.ELEVE: Level.READ,
    Profile.RESPONSABLE: Level.READ,
}
TEAM_RIGHTS = {Profile.ENSEIGNANT: Level.CONTRIBUTE, Profile.PERSONNEL: Level.CONTRIBUTE}


def _groups(in_school: School, rights: dict[Any, Any], **scope: object) -> list[Group]:
    kind = Group.Kind.CLASS_PROFILE if scope.get("school_class") else Group.Kind.SCHOOL_PROFILE
    lookup = {"kind": kind, "profile__in": list(rights), **scope}
    groups = list(Group.objects.filter(**lookup))
    if len(groups) < len(rights):
        refresh_derived_groups(in_school)
        groups = list(Group.objects.filter(**lookup))
    return groups


def _grant(space: Folder, groups: list[Group], rights: dict[Any, Any]) -> None:
    content_type = ContentType.objects.get_for_model(Folder)
    for group in groups:
        Share.objects.update_or_create(
            content_type=content_type,
            object_id=space.pk,
            user=None,
            group=group,
            defaults={"level": rights[group.profile], "shared_by": None},
        )


def _space(lookup: dict[str, Any], name: str, rights: dict[Any, Any], groups: Any) -> Folder:
    space = Folder.objects.filter(parent=None, **lookup).first()
    if space is not None:
        return space
    with transaction.atomic():
        space = Folder.objects.create(name=name, search_name=fold(name), **lookup)
        space.root = space
        space.save(update_fields=["root"])
        link_new_folder(space)
        _grant(space, groups(), rights)
    return space


def class_space(school_class: SchoolClass) -> Folder:
    return _space(
        {"space": Space.CLASS, "school_class": school_class, "school_id": school_class.school_id},
        f"Classe {school_class.name}",
        CLASS_RIGHTS,
        lambda: _groups(school_class.school, CLASS_RIGHTS, school_class=school_class),
    )


def team_space(school: School) -> Folder:
    return _space(
        {"space": Space.TEAM, "school": school},
        f"Équipe – {school.name}",
        TEAM_RIGHTS,
        lambda: _groups(school, TEAM_RIGHTS, school=school, school_class=None),
    )
