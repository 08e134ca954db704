import pytest

from preau.core.errors import Conflict, InvalidInput, PermissionDenied
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
)
from preau.directory.models import Group, School, SchoolClass
from preau.directory.schoolyear import current_school_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def academic_admin():
    user = UserFactory.create()
    FunctionAssignmentFactory.create(
        user=user, function="admin_academique", school=None, academie=AcademieFactory.create()
    )
    return user


def new_school(actor, **overrides):
    circ = overrides.pop("circonscription", None) or CirconscriptionFactory.create()
    values = {
        "uai": "0441547T",
        "name": "École Jules-Verne",
        "sector": "public",
        "kind": "primaire",
        "circonscription": circ,
        "collectivite": CollectiviteFactory.create(academie=circ.departement.academie),
        "commune": "Bellevue",
        **overrides,
    }
    return services.create_school(actor, **values)


def test_academic_admin_creates_a_school_with_its_groups(academic_admin):
    school = new_school(academic_admin, uai=" 0441547t ")
    assert school.uai == "0441547T"
    names = set(Group.objects.filter(school=school).values_list("name", flat=True))
    assert "École Jules-Verne – Parents" in names
    assert "École Jules-Verne – Élèves" in names
    assert AuditEvent.objects.filter(action="directory.school.created", actor=academic_admin)


@pytest.mark.parametrize("uai", ["0441547A", "044154T", "ABC1547T", ""])
def test_bad_uai_is_refused_in_french(uai):
    with pytest.raises(InvalidInput) as exc:
        new_school(None, uai=uai)
    assert exc.value.code == "uai_invalid"
    assert "UAI" in exc.value.message
    assert not School.objects.exists()


def test_wrong_check_letter_names_the_expected_one():
    with pytest.raises(InvalidInput) as exc:
        new_school(None, uai="0441547A")
    assert "0441547T" in exc.value.message


def test_duplicate_uai_is_a_conflict():
    new_school(None)
    with pytest.raises(Conflict) as exc:
        new_school(None)
    assert exc.value.code == "uai_taken"


def test_a_teacher_cannot_create_a_school():
    with pytest.raises(PermissionDenied):
        new_school(UserFactory.create())
    assert not School.objects.exists()


def test_director_creates_a_class_with_levels_in_school_order():
    school = SchoolFactory.create()
    director = UserFactory.create()
    FunctionAssignmentFactory.create(user=director, school=school)
    school_class = services.create_class(
        director, school=school, name="CM1-CM2", levels=["cm2", "CM1", "CM1"]
    )
    assert school_class.levels == ["CM1", "CM2"]
    assert school_class.school_year == current_school_year()
    assert Group.objects.filter(school_class=school_class, name="Parents de CM1-CM2").exists()


@pytest.mark.parametrize(
    ("kind", "levels"),
    [("primaire", []), ("primaire", ["CE3"]), ("maternelle", ["CP"]), ("elementaire", ["GS"])],
)
def test_class_levels_are_validated(kind, levels):
    school = SchoolFactory.create(kind=kind)
    with pytest.raises(InvalidInput) as exc:
        services.create_class(None, school=school, name="X", levels=levels)
    assert exc.value.code == "levels_invalid"
    assert not SchoolClass.objects.exists()


def test_class_name_is_unique_per_school_and_year():
    existing = SchoolClassFactory.create(name="CP A")
    with pytest.raises(Conflict):
        services.create_class(None, school=existing.school, name="CP A", levels=["CP"])
    other_year = services.create_class(
        None,
        school=existing.school,
        name="CP A",
        levels=["CP"],
        school_year=existing.school_year + 1,
    )
    assert other_year.pk != existing.pk


def test_a_parent_cannot_manage_a_class():
    school_class = SchoolClassFactory.create()
    with pytest.raises(PermissionDenied):
        services.update_class(UserFactory.create(), school_class, name="Autre")


def test_renaming_a_class_renames_its_groups():
    school_class = services.create_class(
        None, school=SchoolFactory.create(), name="CE1", levels=["CE1"]
    )
    services.update_class(None, school_class, name="CE1 B")
    assert Group.objects.filter(school_class=school_class, name="CE1 B – Élèves").exists()
    assert not Group.objects.filter(name="CE1 – Élèves").exists()


def test_structures_chain_creates_audited_rows(academic_admin):
    academie = academic_admin.function_assignments.get().academie
    dep = services.create_departement(academic_admin, academie=academie, code="85", name="Vendée")
    assert dep.code == "085"
    circ = services.create_circonscription(
        academic_admin, departement=dep, code="085-X", name="Circonscription X"
    )
    coll = services.create_collectivite(
        academic_admin, academie=academie, kind="commune", name="Ville X", siren="123456789"
    )
    rpi = services.create_rpi(academic_admin, name="RPI X")
    services.update_rpi(academic_admin, rpi, name="RPI Y")
    services.update_collectivite(academic_admin, coll, name="Ville Y")
    services.update_circonscription(academic_admin, circ, name="Circ Y")
    assert AuditEvent.objects.filter(actor=academic_admin).count() == 7


def test_bad_siren_and_unknown_fields_are_refused(academic_admin):
    academie = academic_admin.function_assignments.get().academie
    with pytest.raises(InvalidInput):
        services.create_collectivite(
            academic_admin, academie=academie, kind="commune", name="X", siren="12"
        )
    with pytest.raises(InvalidInput) as exc:
        services.update_academie(academic_admin, academie, code="PARIS")
    assert exc.value.code == "field_not_editable"
