import pytest

from preau.directory.factories import (
    ClassMembershipFactory,
    RpiFactory,
    SchoolClassFactory,
    SchoolFactory,
    make_parent,
    make_pupil,
    make_teacher,
)
from preau.directory.selectors import get_person_context

pytestmark = pytest.mark.django_db


def test_context_of_a_teacher(school_class, django_assert_num_queries):
    teacher = make_teacher(school_class, first_name="Thomas", last_name="Le Goff")
    with django_assert_num_queries(1):
        ctx = get_person_context(teacher)
    assert ctx.display_name == "Thomas LE GOFF"
    assert ctx.profiles == ["enseignant"]
    assert [s.uai for s in ctx.schools] == [school_class.school.uai]
    assert [(c.name, c.levels) for c in ctx.classes] == [("CE1-CE2", ["CE1", "CE2"])]
    assert ctx.children == []


@pytest.mark.parametrize("children", [1, 3])
def test_parent_context_costs_the_same_whatever_the_children(children, django_assert_num_queries):
    kids = [make_pupil(SchoolClassFactory.create()) for _ in range(children)]
    parent = make_parent(*kids)
    with django_assert_num_queries(1):
        ctx = get_person_context(parent)
    assert len(ctx.children) == children
    assert all(len(child.classes) == 1 and len(child.schools) == 1 for child in ctx.children)
    assert len(ctx.schools) == children
    assert ctx.profiles == ["responsable"]


def test_rpi_teacher_and_parent_with_children_in_two_schools():
    rpi = RpiFactory.create()
    village_a, village_b = SchoolFactory.create(rpi=rpi), SchoolFactory.create(rpi=rpi)
    class_a = SchoolClassFactory.create(school=village_a, name="PS-GS", levels=["PS", "MS", "GS"])
    class_b = SchoolClassFactory.create(school=village_b, name="CM1-CM2", levels=["CM1", "CM2"])
    teacher = make_teacher(class_a)
    ClassMembershipFactory.create(user=teacher, school_class=class_b, role="enseignant")
    from preau.directory.models import ProfileAssignment

    ProfileAssignment.objects.create(user=teacher, profile="enseignant", school=village_b)
    ctx = get_person_context(teacher)
    assert {s.uai for s in ctx.schools} == {village_a.uai, village_b.uai}
    assert {c.name for c in ctx.classes} == {"PS-GS", "CM1-CM2"}
    parent = make_parent(make_pupil(class_a, level="MS"), make_pupil(class_b, level="CM2"))
    parent_ctx = get_person_context(parent)
    assert {s.uai for s in parent_ctx.schools} == {village_a.uai, village_b.uai}
    assert {c.uai for child in parent_ctx.children for c in child.classes} == {
        village_a.uai,
        village_b.uai,
    }


def test_past_years_and_ended_memberships_are_not_current(school_class):
    pupil = make_pupil(school_class)
    last_year = SchoolClassFactory.create(
        school=school_class.school, school_year=school_class.school_year - 1
    )
    ClassMembershipFactory.create(user=pupil, school_class=last_year)
    ended = SchoolClassFactory.create(school=school_class.school, name="CE2", levels=["CE2"])
    ClassMembershipFactory.create(user=pupil, school_class=ended, ended_at="2026-10-01T00:00:00Z")
    assert [c.id for c in get_person_context(pupil).classes] == [school_class.pk]


def test_child_without_parental_authority_is_not_listed(school_class):
    from preau.directory.factories import ParentLinkFactory, UserFactory

    contact = UserFactory.create()
    ParentLinkFactory.create(
        parent=contact, child=make_pupil(school_class), parental_authority=False
    )
    assert get_person_context(contact).children == []


def test_demo_inspector_and_commune_representative(demo):
    inspector = get_person_context(demo.inspecteur)
    assert inspector.profiles == ["inspection"]
    assert inspector.circonscriptions == ["Circonscription de Bellevue-sur-Loire"]
    commune = get_person_context(demo.collectivite)
    assert commune.profiles == ["collectivite"]
    assert commune.functions == ["admin_collectivite"]
    assert commune.collectivites == ["Ville de Bellevue-sur-Loire"]
