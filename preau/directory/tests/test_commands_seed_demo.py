from collections import Counter

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.test import RequestFactory

from preau.directory.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from preau.directory.models import (
    CYCLE_BY_LEVEL,
    Academie,
    Circonscription,
    ClassMembership,
    Collectivite,
    Departement,
    FunctionAssignment,
    Group,
    GroupMembership,
    ParentLink,
    ProfileAssignment,
    Rpi,
    School,
    SchoolClass,
)
from preau.directory.uai import uai_key_is_valid

pytestmark = pytest.mark.django_db
User = get_user_model()
MODELS: list[type[Model]] = [
    User,
    Academie,
    Departement,
    Circonscription,
    Collectivite,
    Rpi,
    School,
    SchoolClass,
    ProfileAssignment,
    FunctionAssignment,
    ParentLink,
    ClassMembership,
    Group,
    GroupMembership,
]


def counts():
    return {model.__name__: model._default_manager.count() for model in MODELS}


def test_seed_is_idempotent_and_says_so(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert counts() == first
    assert "déjà présente" in out
    assert "demo.parent" in out and DEMO_PASSWORD in out


def test_seed_is_deterministic():
    seed_demo()
    first = sorted(User.objects.values_list("login", "first_name", "last_name", "birth_date"))
    User.objects.all().delete()
    for model in (Group, SchoolClass, School, Rpi, Collectivite, Circonscription, Departement):
        model.objects.all().delete()
    Academie.objects.all().delete()
    seed_demo()
    assert (
        sorted(User.objects.values_list("login", "first_name", "last_name", "birth_date")) == first
    )


def test_seed_refuses_in_production(settings):
    settings.PREAU_ENV = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not School.objects.exists()


def test_every_demo_login_authenticates_with_the_demo_password(demo):
    for account in DEMO_ACCOUNTS:
        request = RequestFactory().post("/compte/connexion")
        user = authenticate(request, login=account.login, password=DEMO_PASSWORD)
        assert user is not None, account.login
        assert user.login == account.login


def test_generated_accounts_wait_for_activation(demo):
    generated = User.objects.exclude(login__startswith="demo.")
    assert generated.count() > 1000
    assert not any(u.has_usable_password() for u in generated[:200])


def test_demo_parent_has_two_children_in_two_classes_of_one_school(demo):
    children = [link.child for link in ParentLink.objects.filter(parent=demo.parent)]
    assert len(children) == 2
    memberships = ClassMembership.objects.filter(user__in=children, role="eleve").select_related(
        "school_class"
    )
    classes = {m.school_class for m in memberships}
    assert len(classes) == 2
    assert len({c.school_id for c in classes}) == 1
    taught = set(
        ClassMembership.objects.filter(user=demo.enseignant, role="enseignant").values_list(
            "school_class_id", flat=True
        )
    )
    assert taught & {c.pk for c in classes}
    assert demo.eleve in children


def test_demo_pupil_is_in_the_demo_teachers_class_at_an_elementary_level(demo):
    membership = ClassMembership.objects.get(user=demo.eleve)
    assert ClassMembership.objects.filter(
        user=demo.enseignant, school_class=membership.school_class
    ).exists()
    assert CYCLE_BY_LEVEL[membership.level] > 1


def test_demo_roles(demo):
    main = School.objects.get(uai="0441547T")
    functions = set(FunctionAssignment.objects.values_list("user__login", "function", "school"))
    assert ("demo.directeur", "directeur", main.pk) in functions
    assert ("demo.directeur", "admin_local", main.pk) in functions
    assert ProfileAssignment.objects.filter(
        user=demo.directeur, profile="enseignant", school=main
    ).exists()
    assert ProfileAssignment.objects.get(user=demo.atsem).personnel_kind == "atsem"
    inspection = ProfileAssignment.objects.get(user=demo.inspecteur)
    assert inspection.circonscription_id == main.circonscription_id
    assert (
        ProfileAssignment.objects.get(user=demo.collectivite).collectivite_id
        == main.collectivite_id
    )
    assert FunctionAssignment.objects.get(user=demo.collectivite).function == "admin_collectivite"
    assert FunctionAssignment.objects.filter(user=demo.admin, academie__code="NANTES").exists()


def test_structure_of_the_demo_academie(demo):
    assert Departement.objects.count() == 2
    assert Circonscription.objects.count() == 3
    assert Collectivite.objects.exclude(kind="organisme_gestion").count() == 3
    schools = list(School.objects.all())
    assert len(schools) == 6
    assert all(uai_key_is_valid(s.uai) and s.uai[:3] in {"044", "085"} for s in schools)
    kinds = Counter(s.kind for s in schools)
    assert kinds["maternelle"] == 1 and kinds["elementaire"] >= 1 and kinds["primaire"] >= 1
    assert Counter(s.sector for s in schools)["prive_sous_contrat"] == 1
    rpi = Rpi.objects.get()
    assert rpi.schools.count() == 2
    assert len({s.commune for s in rpi.schools.all()}) == 2
    assert 25 <= SchoolClass.objects.count() <= 35
    assert any(len(c.levels) > 1 for c in SchoolClass.objects.all())  # cours doubles


def test_every_class_has_a_teacher_and_pupils_at_its_levels(demo):
    for school_class in SchoolClass.objects.prefetch_related("memberships"):
        roles = Counter(m.role for m in school_class.memberships.all())
        assert roles["enseignant"] >= 1, school_class
        assert roles["eleve"] >= 18, school_class
        assert all(
            m.level in school_class.levels
            for m in school_class.memberships.all()
            if m.role == "eleve"
        )
    per_pupil = Counter(ClassMembership.objects.filter(role="eleve").values_list("user", flat=True))
    assert max(per_pupil.values()) == 1


def test_families_siblings_rpi_and_separated_parents(demo):
    children_per_parent = Counter(ParentLink.objects.values_list("parent", flat=True))
    assert any(n >= 2 for n in children_per_parent.values())
    rpi_schools = set(Rpi.objects.get().schools.values_list("pk", flat=True))
    spanning = [
        parent
        for parent, n in children_per_parent.items()
        if n >= 2
        and len(
            set(
                ProfileAssignment.objects.filter(
                    user=parent, profile="responsable", school__in=rpi_schools
                ).values_list("school", flat=True)
            )
        )
        == 2
    ]
    assert spanning
    separated = 0
    for child_id in ParentLink.objects.values_list("child", flat=True).distinct()[:400]:
        parents = User.objects.filter(child_links__child_id=child_id)
        if len({p.family_name for p in parents}) == 2:
            separated += 1
    assert separated > 10


def test_maternelle_atsem_and_partner(demo):
    maternelle = School.objects.get(kind="maternelle")
    assert (
        ProfileAssignment.objects.filter(
            school=maternelle, profile="personnel", personnel_kind="atsem"
        ).count()
        == maternelle.classes.count()
    )
    assert ProfileAssignment.objects.filter(profile="invite").exclude(title="").exists()
