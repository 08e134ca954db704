"""Carnet de liaison test data: a class with families; mots published through the service."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from preau.directory.factories import (
    FunctionAssignmentFactory,
    SchoolClassFactory,
    UserFactory,
    make_parent,
    make_pupil,
    make_teacher,
)
from preau.directory.models import Function
from preau.liaison.models import Note
from preau.liaison.services import Audience, ReplySlip, publish_note


def make_class_with_families(school_class: Any) -> SimpleNamespace:
    """A teacher, a director; Ana (separated parents), Léo (one parent), Zoé (none)."""
    teacher = make_teacher(school_class, first_name="Thomas", last_name="Maître")
    ana = make_pupil(school_class, first_name="Ana", last_name="Martin")
    leo = make_pupil(school_class, first_name="Léo", last_name="Petit")
    zoe = make_pupil(school_class, first_name="Zoé", last_name="Seule")
    mother = make_parent(ana, first_name="Claire", last_name="Martin", email="claire@example.org")
    father = make_parent(ana, first_name="Paul", last_name="Durand", email="paul@example.org")
    leo_parent = make_parent(leo, first_name="Inès", last_name="Petit", email="ines@example.org")
    director = UserFactory.create(first_name="Hélène", last_name="Direction")
    FunctionAssignmentFactory.create(
        user=director, function=Function.DIRECTEUR, school=school_class.school
    )
    other_class = SchoolClassFactory.create(school=school_class.school, name="CM2", levels=["CM2"])
    return SimpleNamespace(
        cls=school_class,
        teacher=teacher,
        director=director,
        ana=ana,
        leo=leo,
        zoe=zoe,
        mother=mother,
        father=father,
        leo_parent=leo_parent,
        other_class=other_class,
    )


def publish_to_class(
    author: Any,
    school_class: Any,
    *,
    title: str = "Sortie au musée",
    requires_signature: bool = True,
    reply: ReplySlip | None = None,
) -> Note:
    return publish_note(
        author,
        title=title,
        body="Nous irons au musée jeudi.\n\nPrévoir un goûter.",
        audience=Audience(class_ids=(school_class.pk,)),
        requires_signature=requires_signature,
        reply=reply,
    )
