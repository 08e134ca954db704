"""factory-boy factories for the directory and for accounts.User (imported by other apps)."""

from __future__ import annotations

import factory

from preau.accounts.models import User
from preau.directory.models import (
    Academie,
    Circonscription,
    ClassMembership,
    Collectivite,
    Departement,
    Function,
    FunctionAssignment,
    Group,
    GroupMembership,
    ParentLink,
    Profile,
    ProfileAssignment,
    Rpi,
    School,
    SchoolClass,
)
from preau.directory.schoolyear import current_school_year
from preau.directory.uai import uai_check_letter

TEST_PASSWORD = "preau-test-pass-1234"


def valid_uai(number: int, departement: str = "044") -> str:
    digits = f"{departement}{number % 10000:04d}"
    return digits + uai_check_letter(digits)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("login",)

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    login = factory.Sequence(lambda n: f"personne.test{n}")
    password = factory.django.Password(TEST_PASSWORD)


class AcademieFactory(factory.django.DjangoModelFactory[Academie]):
    class Meta:
        model = Academie
        django_get_or_create = ("code",)

    code = "NANTES"
    name = "Nantes"


class DepartementFactory(factory.django.DjangoModelFactory[Departement]):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    academie = factory.SubFactory(AcademieFactory)
    code = "044"
    name = "Loire-Atlantique"


class CirconscriptionFactory(factory.django.DjangoModelFactory[Circonscription]):
    class Meta:
        model = Circonscription

    departement = factory.SubFactory(DepartementFactory)
    code = factory.Sequence(lambda n: f"044-T{n}")
    name = factory.Sequence(lambda n: f"Circonscription d'essai {n}")


class CollectiviteFactory(factory.django.DjangoModelFactory[Collectivite]):
    class Meta:
        model = Collectivite

    academie = factory.SubFactory(AcademieFactory)
    kind = Collectivite.Kind.COMMUNE
    name = factory.Sequence(lambda n: f"Ville d'Essai-{n}")


class RpiFactory(factory.django.DjangoModelFactory[Rpi]):
    class Meta:
        model = Rpi

    name = factory.Sequence(lambda n: f"RPI d'essai {n}")


class SchoolFactory(factory.django.DjangoModelFactory[School]):
    class Meta:
        model = School

    uai = factory.Sequence(lambda n: valid_uai(9000 + n))
    name = factory.Sequence(lambda n: f"École d'essai {n}")
    sector = School.Sector.PUBLIC
    kind = School.Kind.PRIMAIRE
    circonscription = factory.SubFactory(CirconscriptionFactory)
    collectivite = factory.SubFactory(CollectiviteFactory)
    commune = "Essai-sur-Loire"


class SchoolClassFactory(factory.django.DjangoModelFactory[SchoolClass]):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.LazyFunction(current_school_year)
    name = factory.Sequence(lambda n: f"CE1 {n}")
    levels = factory.LazyFunction(lambda: ["CE1"])


class ProfileAssignmentFactory(factory.django.DjangoModelFactory[ProfileAssignment]):
    class Meta:
        model = ProfileAssignment

    user = factory.SubFactory(UserFactory)
    profile = Profile.ENSEIGNANT
    school = factory.SubFactory(SchoolFactory)


class FunctionAssignmentFactory(factory.django.DjangoModelFactory[FunctionAssignment]):
    class Meta:
        model = FunctionAssignment

    user = factory.SubFactory(UserFactory)
    function = Function.DIRECTEUR
    school = factory.SubFactory(SchoolFactory)


class ParentLinkFactory(factory.django.DjangoModelFactory[ParentLink]):
    class Meta:
        model = ParentLink

    parent = factory.SubFactory(UserFactory)
    child = factory.SubFactory(UserFactory)
    parental_authority = True
    relationship = ParentLink.Relationship.MERE


class ClassMembershipFactory(factory.django.DjangoModelFactory[ClassMembership]):
    class Meta:
        model = ClassMembership

    user = factory.SubFactory(UserFactory)
    school_class = factory.SubFactory(SchoolClassFactory)
    role = ClassMembership.Role.ELEVE
    level = factory.LazyAttribute(
        lambda o: o.school_class.levels[0] if o.role == ClassMembership.Role.ELEVE else ""
    )


class GroupFactory(factory.django.DjangoModelFactory[Group]):
    class Meta:
        model = Group

    kind = Group.Kind.MANUAL
    name = factory.Sequence(lambda n: f"Groupe {n}")
    school = factory.SubFactory(SchoolFactory)


class GroupMembershipFactory(factory.django.DjangoModelFactory[GroupMembership]):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)


# Convenience builders: a person with the rows that make them who they are.


def make_pupil(school_class: SchoolClass, level: str | None = None, **user_fields: object) -> User:
    user = UserFactory.create(**user_fields)
    ProfileAssignmentFactory.create(user=user, profile=Profile.ELEVE, school=school_class.school)
    ClassMembershipFactory.create(
        user=user, school_class=school_class, level=level or school_class.levels[0]
    )
    return user


def make_teacher(school_class: SchoolClass, **user_fields: object) -> User:
    user = UserFactory.create(**user_fields)
    ProfileAssignmentFactory.create(
        user=user, profile=Profile.ENSEIGNANT, school=school_class.school
    )
    ClassMembershipFactory.create(
        user=user, school_class=school_class, role=ClassMembership.Role.ENSEIGNANT
    )
    return user


def make_parent(*children: User, **user_fields: object) -> User:
    """A responsable with autorité parentale, holding the profile in each child's school."""
    user = UserFactory.create(**user_fields)
    for child in children:
        ParentLinkFactory.create(parent=user, child=child)
        schools = ProfileAssignment.objects.filter(user=child, profile=Profile.ELEVE).values_list(
            "school_id", flat=True
        )
        for school_id in schools:
            ProfileAssignment.objects.get_or_create(
                user=user, profile=Profile.RESPONSABLE, school_id=school_id
            )
    return user
