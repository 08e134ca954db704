import pytest

from preau.directory.factories import SchoolFactory, UserFactory
from preau.directory.models import School, SchoolClass
from preau.directory.policies import get_abilities, visible_to

pytestmark = pytest.mark.django_db

MAIN_UAI = "0441547T"


@pytest.fixture
def main_school(demo):
    return School.objects.get(uai=MAIN_UAI)


def cls(name, uai=MAIN_UAI):
    return SchoolClass.objects.select_related("school").get(name=name, school__uai=uai)


@pytest.mark.parametrize(
    ("who", "view", "counts", "manage"),
    [
        ("directeur", True, True, True),
        ("enseignant", True, False, False),
        ("parent", True, False, False),
        ("eleve", True, False, False),
        ("atsem", True, False, False),
        ("inspecteur", True, True, False),
        ("collectivite", True, True, False),
        ("admin", True, True, True),
    ],
)
def test_abilities_on_the_main_school(demo, main_school, who, view, counts, manage):
    abilities = get_abilities(getattr(demo, who), main_school)
    assert (abilities["view"], abilities["view_counts"], abilities["manage"]) == (
        view,
        counts,
        manage,
    )


@pytest.mark.parametrize(
    ("who", "view", "manage"),
    [
        ("directeur", True, True),
        ("enseignant", True, True),
        ("parent", True, False),
        ("eleve", True, False),
        ("atsem", True, False),
        ("admin", True, True),
    ],
)
def test_abilities_on_the_demo_teachers_class(demo, who, view, manage):
    abilities = get_abilities(getattr(demo, who), cls("CE1-CE2"))
    assert (abilities["view"], abilities["manage"]) == (view, manage)


def test_a_teacher_manages_only_their_own_class(demo):
    assert get_abilities(demo.enseignant, cls("CM1"))["manage"] is False
    assert get_abilities(demo.enseignant, cls("CM1"))["view"] is True


def test_a_parent_sees_only_their_childrens_classes(demo):
    assert get_abilities(demo.parent, cls("CM1"))["view"] is True
    assert get_abilities(demo.parent, cls("CP A"))["view"] is False
    assert get_abilities(demo.parent, cls("CP A"))["view_members"] is False


def test_collectivite_sees_counts_of_its_schools_only(demo):
    eluard = School.objects.get(uai="0441612N")
    assert get_abilities(demo.collectivite, eluard)["view"] is False
    main = School.objects.get(uai=MAIN_UAI)
    assert get_abilities(demo.collectivite, main)["view_members"] is False


def test_nobody_but_operators_sees_a_school_of_another_academie(demo):
    elsewhere = SchoolFactory.create(
        circonscription__departement__code="035",
        circonscription__departement__academie__code="RENNES",
    )
    assert get_abilities(demo.admin, elsewhere)["manage"] is False
    operator = UserFactory.create(is_superuser=True)
    assert get_abilities(operator, elsewhere)["manage"] is True


@pytest.mark.parametrize(
    ("who", "target", "view", "manage"),
    [
        ("parent", "eleve", True, False),
        ("enseignant", "eleve", True, True),
        ("directeur", "eleve", True, True),
        ("eleve", "parent", False, False),
        ("eleve", "eleve", True, False),
        ("collectivite", "eleve", False, False),
        ("admin", "parent", True, True),
        ("atsem", "enseignant", True, False),
    ],
)
def test_abilities_on_people(demo, who, target, view, manage):
    abilities = get_abilities(getattr(demo, who), getattr(demo, target))
    assert (abilities["view"], abilities["manage"]) == (view, manage)


@pytest.mark.parametrize(
    ("who", "schools"),
    [
        ("directeur", 1),
        ("parent", 1),
        ("inspecteur", 3),  # the circonscription: Jules-Verne, Les Coquelicots, Sainte-Marie
        ("collectivite", 2),
        ("admin", 6),
    ],
)
def test_visible_schools(demo, who, schools, django_assert_num_queries):
    user = getattr(demo, who)
    with django_assert_num_queries(5):
        assert len(visible_to(user, School)) == schools


def test_visible_classes_of_a_parent_and_of_a_teacher(demo, django_assert_num_queries):
    with django_assert_num_queries(5):
        parent_classes = sorted(c.name for c in visible_to(demo.parent, SchoolClass))
    assert parent_classes == ["CE1-CE2", "CM1"]
    teacher_classes = visible_to(demo.enseignant, SchoolClass)
    assert teacher_classes.count() == 10


def test_visible_people_of_a_pupil_are_classmates_and_teachers(demo, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    with django_assert_num_queries(5):
        people = list(visible_to(demo.eleve, get_user_model()))
    logins = {p.login for p in people}
    assert {"demo.eleve", "demo.enseignant"} <= logins
    assert "demo.parent" not in logins
    assert "demo.directeur" not in logins


def test_anonymous_sees_nothing(demo):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_to(AnonymousUser(), School).exists()
    assert get_abilities(AnonymousUser(), cls("CE1-CE2")) == {
        "view": False,
        "view_members": False,
        "manage": False,
    }


def test_ability_check_costs_constant_queries(demo, django_assert_num_queries):
    school_class = cls("CE1-CE2")
    with django_assert_num_queries(4):
        get_abilities(demo.enseignant, school_class)
    with django_assert_num_queries(5):  # + the académie of the school
        get_abilities(demo.admin, school_class)
