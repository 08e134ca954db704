import pytest
from django.contrib.auth.hashers import make_password

from preau.core.errors import Conflict, InvalidInput, PermissionDenied
from preau.directory import services
from preau.directory.factories import UserFactory, make_teacher
from preau.directory.models import ClassMembership, ParentLink, ProfileAssignment
from preau.directory.services import PersonSpec

pytestmark = pytest.mark.django_db


def test_bulk_people_get_rule_logins_and_one_shared_hash():
    UserFactory.create(login="jean.dupont")
    shared = make_password("preau-demo")
    users = services.bulk_create_people(
        None,
        [
            PersonSpec("Jean", "Dupont"),
            PersonSpec("Jean", "Dupont"),
            PersonSpec("Anne", "Durand", usage_name="Le Goff"),
            PersonSpec("Démo", "Compte", login="demo.compte", password_hash=shared),
        ],
    )
    assert [u.login for u in users] == [
        "jean.dupont2",
        "jean.dupont3",
        "anne.legoff",
        "demo.compte",
    ]
    assert users[3].check_password("preau-demo")
    assert not users[0].has_usable_password()


def test_bulk_people_refuse_a_taken_fixed_login_and_write_nothing():
    UserFactory.create(login="demo.compte")
    with pytest.raises(Conflict):
        services.bulk_create_people(
            None, [PersonSpec("A", "B"), PersonSpec("C", "D", login="demo.compte")]
        )
    assert not ProfileAssignment.objects.exists()
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.count() == 1


def test_bulk_people_need_an_academic_actor(school_class):
    with pytest.raises(PermissionDenied):
        services.bulk_create_people(make_teacher(school_class), [PersonSpec("A", "B")])


def test_bulk_classes_and_links_give_profiles_to_pupils_and_parents(school_class):
    pupil, parent, other_parent = UserFactory.create(), UserFactory.create(), UserFactory.create()
    services.bulk_add_to_classes(
        None,
        [ClassMembership(user_id=pupil.pk, school_class=school_class, role="eleve", level="CE2")],
    )
    services.bulk_link_parents(
        None,
        [
            ParentLink(parent_id=parent.pk, child_id=pupil.pk),
            ParentLink(parent_id=other_parent.pk, child_id=pupil.pk, parental_authority=False),
        ],
    )
    assert ProfileAssignment.objects.filter(user=pupil, profile="eleve").exists()
    assert ProfileAssignment.objects.filter(user=parent, profile="responsable").exists()
    assert not ProfileAssignment.objects.filter(user=other_parent).exists()


def test_bulk_pupil_level_outside_the_class_is_refused(school_class):
    with pytest.raises(InvalidInput):
        services.bulk_add_to_classes(
            None,
            [
                ClassMembership(
                    user_id=UserFactory.create().pk,
                    school_class=school_class,
                    role="eleve",
                    level="CM2",
                )
            ],
        )
    assert not ClassMembership.objects.exists()


def test_bulk_profiles_skip_existing_rows(school):
    user = UserFactory.create()
    rows = [ProfileAssignment(user_id=user.pk, profile="enseignant", school_id=school.pk)]
    assert services.bulk_assign_profiles(None, rows) == 1
    again = [ProfileAssignment(user_id=user.pk, profile="enseignant", school_id=school.pk)]
    assert services.bulk_assign_profiles(None, again) == 0


def test_bulk_rows_add_members_and_profiles_like_instances(school_class):
    """Plain rows (what imports pass) write what instances would: the membership with its level,
    the school profile, a profile given as a row skipped when it exists (an instance for it too)."""
    pupil, teacher = UserFactory.create(), UserFactory.create()
    added = services.bulk_add_to_classes(
        None,
        [
            services.MembershipRow(pupil.pk, school_class, "eleve", "CE2"),
            services.MembershipRow(teacher.pk, school_class, "enseignant"),
        ],
    )
    school_id = school_class.school_id
    again: list[services.ProfileRow | ProfileAssignment] = [
        services.ProfileRow(teacher.pk, "enseignant", school_id),
        ProfileAssignment(user_id=teacher.pk, profile="enseignant", school_id=school_id),
    ]

    assert added == 2
    assert services.bulk_assign_profiles(None, again) == 0
    assert set(
        ClassMembership.objects.filter(school_class=school_class).values_list(
            "user_id", "role", "level", "ended_at"
        )
    ) == {(pupil.pk, "eleve", "CE2", None), (teacher.pk, "enseignant", "", None)}
    assert set(ProfileAssignment.objects.values_list("user_id", "profile", "school_id")) == {
        (pupil.pk, "eleve", school_id),
        (teacher.pk, "enseignant", school_id),
    }


def test_bulk_rows_refuse_a_pupil_level_outside_the_class(school_class):
    with pytest.raises(InvalidInput):
        services.bulk_add_to_classes(
            None, [services.MembershipRow(UserFactory.create().pk, school_class, "eleve", "CM2")]
        )
    assert not ClassMembership.objects.exists()
    assert not ProfileAssignment.objects.exists()
