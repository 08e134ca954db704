from typing import Any

import pytest

from preau.core.errors import InvalidInput, PermissionDenied
from preau.core.models import AuditEvent
from preau.directory import services
from preau.directory.factories import (
    AcademieFactory,
    CirconscriptionFactory,
    CollectiviteFactory,
    FunctionAssignmentFactory,
    SchoolClassFactory,
    SchoolFactory,
    UserFactory,
    make_pupil,
    make_teacher,
)
from preau.directory.models import ClassMembership, ProfileAssignment

pytestmark = pytest.mark.django_db


def director_of(school):
    user = UserFactory.create()
    FunctionAssignmentFactory.create(user=user, school=school, function="directeur")
    return user


def test_director_creates_a_person_with_a_generated_login(school):
    UserFactory.create(login="lea.martin")
    person = services.create_person(
        director_of(school), first_name="Léa", last_name="Martin", school=school
    )
    assert person.login == "lea.martin2"
    assert not person.has_usable_password()
    assert AuditEvent.objects.filter(action="directory.person.created", target_id=str(person.pk))


def test_login_comes_from_the_usage_name(school):
    person = services.create_person(
        None, first_name="Anne", last_name="Durand", usage_name="Le Goff", school=school
    )
    assert person.login == "anne.legoff"
    assert person.display_name == "Anne LE GOFF"


def test_person_without_a_name_is_refused(school):
    with pytest.raises(InvalidInput) as exc:
        services.create_person(None, first_name=" ", last_name="Martin", school=school)
    assert exc.value.code == "first_name_required"


def test_a_teacher_of_another_school_cannot_create_people(school):
    other_teacher = make_teacher(SchoolClassFactory.create())
    with pytest.raises(PermissionDenied):
        services.create_person(other_teacher, first_name="A", last_name="B", school=school)


@pytest.mark.parametrize(
    ("profile", "scope_name"),
    [("eleve", "circonscription"), ("inspection", "school"), ("collectivite", "school")],
)
def test_profile_in_the_wrong_scope_is_refused(profile, scope_name):
    scope: Any = {
        "school": SchoolFactory,
        "circonscription": CirconscriptionFactory,
        "collectivite": CollectiviteFactory,
    }[scope_name]()
    with pytest.raises(InvalidInput) as exc:
        services.assign_profile(None, UserFactory.create(), profile, **{scope_name: scope})
    assert exc.value.code == "profile_scope_invalid"


def test_assigning_a_profile_twice_keeps_one_row_and_fills_the_school_group(school):
    user = UserFactory.create()
    services.assign_profile(None, user, "personnel", school=school, personnel_kind="atsem")
    services.assign_profile(None, user, "personnel", school=school)
    assert ProfileAssignment.objects.filter(user=user).count() == 1
    assert user.preau_groups.filter(name=f"{school.name} – Personnels").exists()


def test_only_academic_admins_appoint_directors(school):
    director = director_of(school)
    with pytest.raises(PermissionDenied):
        services.assign_function(director, UserFactory.create(), "directeur", school=school)
    appointed = services.assign_function(
        director, UserFactory.create(), "admin_local", school=school
    )
    assert appointed.function == "admin_local"
    admin = UserFactory.create()
    services.assign_function(None, admin, "admin_academique", academie=AcademieFactory.create())
    new_director = services.assign_function(admin, UserFactory.create(), "directeur", school=school)
    assert new_director.school == school


def test_function_without_its_scope_is_refused():
    with pytest.raises(InvalidInput) as exc:
        services.assign_function(None, UserFactory.create(), "admin_collectivite")
    assert exc.value.code == "function_scope_invalid"


def test_linking_a_parent_gives_the_responsable_profile_in_each_school_of_the_child():
    first, second = SchoolClassFactory.create(), SchoolClassFactory.create()
    child = make_pupil(first)
    services.add_to_class(
        None,
        child,
        SchoolClassFactory.create(school=second.school, school_year=first.school_year + 1),
        "eleve",
    )
    parent = UserFactory.create()
    services.link_parent(None, parent, child, relationship="mere")
    schools = set(
        ProfileAssignment.objects.filter(user=parent, profile="responsable").values_list(
            "school_id", flat=True
        )
    )
    assert schools == {first.school_id, second.school_id}
    assert parent.preau_groups.filter(name=f"Parents de {first.name}").exists()


def test_a_link_without_parental_authority_opens_nothing(school_class):
    child = make_pupil(school_class)
    contact = UserFactory.create()
    services.link_parent(None, contact, child, parental_authority=False)
    assert not ProfileAssignment.objects.filter(user=contact).exists()
    assert not contact.preau_groups.exists()


def test_a_person_cannot_be_their_own_parent(school_class):
    child = make_pupil(school_class)
    with pytest.raises(InvalidInput):
        services.link_parent(None, child, child)


def test_teacher_puts_a_pupil_in_their_class_with_a_level(school_class):
    teacher = make_teacher(school_class)
    pupil = UserFactory.create()
    parent = UserFactory.create()
    services.link_parent(None, parent, pupil)
    services.add_to_class(teacher, pupil, school_class, "eleve", level="ce2")
    membership = ClassMembership.objects.get(user=pupil)
    assert membership.level == "CE2"
    assert ProfileAssignment.objects.filter(user=parent, profile="responsable").exists()
    assert parent.preau_groups.filter(name="Parents de CE1-CE2").exists()


def test_pupil_level_must_belong_to_the_class(school_class):
    with pytest.raises(InvalidInput) as exc:
        services.add_to_class(None, UserFactory.create(), school_class, "eleve", level="CM2")
    assert exc.value.code == "level_not_in_class"
    assert not ClassMembership.objects.exists()


def test_moving_a_pupil_ends_the_previous_class_of_the_year(school_class):
    pupil = make_pupil(school_class)
    other = SchoolClassFactory.create(school=school_class.school, name="CE2", levels=["CE2"])
    services.add_to_class(None, pupil, other, "eleve")
    active = ClassMembership.objects.filter(user=pupil, ended_at__isnull=True)
    assert [m.school_class_id for m in active] == [other.pk]
    assert not pupil.preau_groups.filter(name="CE1-CE2 – Élèves").exists()


def test_ending_a_membership_removes_the_class_groups(school_class):
    teacher = make_teacher(school_class)
    services.refresh_derived_groups(school_class.school)
    membership = ClassMembership.objects.get(user=teacher)
    services.end_class_membership(None, membership)
    assert not teacher.preau_groups.filter(school_class=school_class).exists()
