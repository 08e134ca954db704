"""People: accounts, profiles in a scope, functions, parent–child links, class memberships."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from preau.core.audit import audit
from preau.core.errors import Conflict, InvalidInput, PermissionDenied
from preau.directory import policies
from preau.directory.logins import allocate_logins
from preau.directory.models import (
    SCHOOL_PROFILES,
    Academie,
    Circonscription,
    ClassMembership,
    Collectivite,
    Departement,
    Function,
    FunctionAssignment,
    ParentLink,
    PersonnelKind,
    Profile,
    ProfileAssignment,
    School,
    SchoolClass,
)
from preau.directory.services._common import authorize, require_academic, require_text
from preau.directory.services.groups import refresh_derived_groups

ROLE_PROFILE = {
    ClassMembership.Role.ELEVE: Profile.ELEVE,
    ClassMembership.Role.ENSEIGNANT: Profile.ENSEIGNANT,
    ClassMembership.Role.PERSONNEL: Profile.PERSONNEL,
}


def create_person(
    actor: Any,
    *,
    first_name: str,
    last_name: str,
    usage_name: str = "",
    email: str = "",
    birth_date: datetime.date | None = None,
    password: str | None = None,
    school: School | None = None,
) -> Any:
    """A new account with a generated `prenom.nom` login; unusable password unless given."""
    if school is not None:
        authorize(actor, "manage", school)
    else:
        require_academic(actor)
    first = require_text(first_name, "prénom", "first_name_required", 150)
    last = require_text(last_name, "nom de famille", "last_name_required", 150)
    usage = (usage_name or "").strip()
    user_model = get_user_model()
    with transaction.atomic():
        (login,) = allocate_logins([(first, usage or last)])
        user = user_model(
            login=login,
            first_name=first,
            last_name=last,
            usage_name=usage,
            email=(email or "").strip(),
            birth_date=birth_date,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        audit(actor, "directory.person.created", user, login=login)
    return user


def assign_profile(
    actor: Any,
    user: Any,
    profile: str,
    *,
    school: School | None = None,
    circonscription: Circonscription | None = None,
    collectivite: Collectivite | None = None,
    personnel_kind: str = "",
    title: str = "",
) -> ProfileAssignment:
    """Give `user` a profile in a scope (idempotent). School profiles need a school, etc."""
    _check_profile_scope(profile, school, circonscription, collectivite)
    if personnel_kind and personnel_kind not in PersonnelKind.values:
        raise InvalidInput("Fonction de personnel inconnue.", code="personnel_kind_invalid")
    scope_obj = school or circonscription or collectivite
    assert scope_obj is not None
    authorize(actor, "manage", scope_obj)
    with transaction.atomic():
        assignment, created = ProfileAssignment.objects.get_or_create(
            user=user,
            profile=profile,
            school=school,
            circonscription=circonscription,
            collectivite=collectivite,
            defaults={"personnel_kind": personnel_kind, "title": title},
        )
        if created:
            audit(actor, "directory.profile.assigned", user, profile=profile, scope=str(scope_obj))
            if school is not None:
                refresh_derived_groups(school)
    return assignment


def _check_profile_scope(
    profile: str,
    school: School | None,
    circonscription: Circonscription | None,
    collectivite: Collectivite | None,
) -> None:
    if profile not in Profile.values:
        raise InvalidInput(f"Profil inconnu : {profile}.", code="profile_invalid")
    scopes = [s for s in (school, circonscription, collectivite) if s is not None]
    expected = (
        school
        if profile in SCHOOL_PROFILES
        else circonscription
        if profile == Profile.INSPECTION
        else collectivite
    )
    if len(scopes) != 1 or expected is None:
        where = {
            Profile.INSPECTION: "une circonscription",
            Profile.COLLECTIVITE: "une collectivité",
        }.get(Profile(profile), "une école")
        raise InvalidInput(
            f"Le profil « {Profile(profile).label} » s'attribue dans {where}.",
            code="profile_scope_invalid",
        )


def assign_function(
    actor: Any,
    user: Any,
    function: str,
    *,
    school: School | None = None,
    collectivite: Collectivite | None = None,
    departement: Departement | None = None,
    academie: Academie | None = None,
) -> FunctionAssignment:
    """Directeur and admin_local need a school; admin_collectivite a collectivité;
    admin_academique an académie (optionally narrowed to one département)."""
    if function not in Function.values:
        raise InvalidInput(f"Fonction inconnue : {function}.", code="function_invalid")
    if departement is not None and academie is None:
        academie = departement.academie
    scope_obj = _function_scope(function, school, collectivite, academie)
    _authorize_function(actor, function, scope_obj)
    with transaction.atomic():
        assignment, created = FunctionAssignment.objects.get_or_create(
            user=user,
            function=function,
            school=school if function in _SCHOOL_FUNCTIONS else None,
            collectivite=collectivite if function == Function.ADMIN_COLLECTIVITE else None,
            departement=departement if function == Function.ADMIN_ACADEMIQUE else None,
            academie=academie if function == Function.ADMIN_ACADEMIQUE else None,
        )
        if created:
            audit(
                actor, "directory.function.assigned", user, function=function, scope=str(scope_obj)
            )
            if isinstance(scope_obj, School):
                refresh_derived_groups(scope_obj)
    return assignment


_SCHOOL_FUNCTIONS = (Function.DIRECTEUR, Function.ADMIN_LOCAL)


def _function_scope(
    function: str,
    school: School | None,
    collectivite: Collectivite | None,
    academie: Academie | None,
) -> School | Collectivite | Academie:
    scope_obj: School | Collectivite | Academie | None = {
        Function.DIRECTEUR: school,
        Function.ADMIN_LOCAL: school,
        Function.ADMIN_COLLECTIVITE: collectivite,
        Function.ADMIN_ACADEMIQUE: academie,
    }[Function(function)]
    if scope_obj is None:
        where = {
            Function.ADMIN_COLLECTIVITE: "une collectivité",
            Function.ADMIN_ACADEMIQUE: "une académie",
        }.get(Function(function), "une école")
        raise InvalidInput(
            f"La fonction « {Function(function).label} » s'attribue dans {where}.",
            code="function_scope_invalid",
        )
    return scope_obj


def _authorize_function(actor: Any, function: str, scope_obj: Any) -> None:
    """Directors appoint local admins of their school; académie admins appoint the rest."""
    if actor is None:
        return
    if function == Function.ADMIN_LOCAL:
        authorize(actor, "manage", scope_obj)
        return
    scope = policies.get_scope(actor)
    if scope.is_operator:
        return
    if isinstance(scope_obj, School):
        academie_id = scope_obj.circonscription.departement.academie_id
    else:
        academie_id = scope_obj.academie_id if isinstance(scope_obj, Collectivite) else scope_obj.pk
    if academie_id not in scope.academie_ids:
        raise PermissionDenied()


def link_parent(
    actor: Any,
    parent: Any,
    child: Any,
    *,
    parental_authority: bool = True,
    relationship: str = ParentLink.Relationship.AUTRE,
    contact_priority: int = 1,
    source: str = "manual",
) -> ParentLink:
    """Link a responsable to a pupil; with autorité parentale, the responsable gets the
    `responsable` profile in every school of the child."""
    authorize(actor, "manage", child)
    if parent.pk == child.pk:
        raise InvalidInput(
            "Une personne ne peut pas être son propre responsable.", code="self_link"
        )
    if relationship not in ParentLink.Relationship.values:
        raise InvalidInput("Lien de parenté inconnu.", code="relationship_invalid")
    with transaction.atomic():
        link, created = ParentLink.objects.update_or_create(
            parent=parent,
            child=child,
            defaults={
                "parental_authority": parental_authority,
                "relationship": relationship,
                "contact_priority": contact_priority,
                "source": source,
            },
        )
        schools = list(
            School.objects.filter(
                profile_assignments__user=child, profile_assignments__profile=Profile.ELEVE
            ).distinct()
        )
        if parental_authority:
            for school in schools:
                ProfileAssignment.objects.get_or_create(
                    user=parent, profile=Profile.RESPONSABLE, school=school
                )
        audit(
            actor,
            "directory.parent.linked" if created else "directory.parent.link_updated",
            link,
            parent=parent.pk,
            child=child.pk,
            parental_authority=parental_authority,
        )
        for school in schools:
            refresh_derived_groups(school)
    return link


def add_to_class(
    actor: Any, user: Any, school_class: SchoolClass, role: str, *, level: str = ""
) -> ClassMembership:
    """Put a person in a class. A pupil has one class per school year: joining another class
    of the same year ends the previous membership (a move). Parents follow their child."""
    authorize(actor, "manage", school_class)
    if role not in ClassMembership.Role.values:
        raise InvalidInput("Rôle inconnu dans la classe.", code="role_invalid")
    level = _clean_pupil_level(role, level, school_class)
    school = school_class.school
    with transaction.atomic():
        if role == ClassMembership.Role.ELEVE:
            _end_other_pupil_memberships(user, school_class)
        membership, created = ClassMembership.objects.get_or_create(
            user=user, school_class=school_class, role=role, defaults={"level": level}
        )
        if not created and (membership.ended_at is not None or membership.level != level):
            membership.ended_at = None
            membership.level = level
            membership.save(update_fields=["ended_at", "level"])
        ProfileAssignment.objects.get_or_create(
            user=user, profile=ROLE_PROFILE[ClassMembership.Role(role)], school=school
        )
        if role == ClassMembership.Role.ELEVE:
            _give_parents_school(user, school)
        audit(
            actor,
            "directory.class.member_added",
            school_class,
            user=user.pk,
            role=role,
            level=level,
        )
        refresh_derived_groups(school)
    return membership


def end_class_membership(actor: Any, membership: ClassMembership) -> ClassMembership:
    authorize(actor, "manage", membership.school_class)
    if membership.ended_at is not None:
        raise Conflict("Cette personne a déjà quitté la classe.", code="membership_ended")
    with transaction.atomic():
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        audit(
            actor,
            "directory.class.member_removed",
            membership.school_class,
            user=membership.user_id,
        )
        refresh_derived_groups(membership.school_class.school)
    return membership


def _clean_pupil_level(role: str, level: str, school_class: SchoolClass) -> str:
    if role != ClassMembership.Role.ELEVE:
        return ""
    level = (level or "").strip().upper()
    if not level and len(school_class.levels) == 1:
        return str(school_class.levels[0])
    if level not in school_class.levels:
        raise InvalidInput(
            f"Le niveau de l'élève doit être l'un de ceux de la classe : "
            f"{', '.join(school_class.levels)}.",
            code="level_not_in_class",
        )
    return level


def _end_other_pupil_memberships(user: Any, school_class: SchoolClass) -> None:
    others = ClassMembership.objects.filter(
        user=user,
        role=ClassMembership.Role.ELEVE,
        ended_at__isnull=True,
        school_class__school_year=school_class.school_year,
    ).exclude(school_class=school_class)
    previous = list(others.select_related("school_class__school"))
    others.update(ended_at=timezone.now())
    for membership in previous:
        if membership.school_class.school_id != school_class.school_id:
            refresh_derived_groups(membership.school_class.school)


def _give_parents_school(child: Any, school: School) -> None:
    parent_ids = ParentLink.objects.filter(child=child, parental_authority=True).values_list(
        "parent_id", flat=True
    )
    have = set(
        ProfileAssignment.objects.filter(
            user_id__in=parent_ids, profile=Profile.RESPONSABLE, school=school
        ).values_list("user_id", flat=True)
    )
    ProfileAssignment.objects.bulk_create(
        [
            ProfileAssignment(user_id=pid, profile=Profile.RESPONSABLE, school=school)
            for pid in parent_ids
            if pid not in have
        ]
    )
