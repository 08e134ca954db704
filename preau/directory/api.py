"""Directory API: `GET /api/v1/me`."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from preau.directory.selectors import ClassRef, get_person_context

router = Router(tags=["directory"])

ProfileCode = Literal[
    "eleve", "responsable", "enseignant", "personnel", "invite", "inspection", "collectivite"
]
FunctionCode = Literal["directeur", "admin_local", "admin_collectivite", "admin_academique"]

PROFILE_HELP = (
    "Profils (codes stables) : `eleve` (élève), `responsable` (responsable légal), "
    "`enseignant`, `personnel` (ATSEM, agent territorial, périscolaire, AESH), "
    "`invite` (invité / partenaire), `inspection` (IEN, CPC, ERUN), "
    "`collectivite` (représentant de collectivité)."
)
FUNCTION_HELP = (
    "Fonctions (codes stables) : `directeur` (direction d'une école), `admin_local` "
    "(administrateur local d'école), `admin_collectivite` (administrateur de collectivité), "
    "`admin_academique` (administrateur académique)."
)


class SchoolOut(Schema):
    uai: str = Field(description="Identifiant UAI de l'école (7 chiffres et une lettre).")
    name: str


class ClassOut(Schema):
    id: int
    name: str
    uai: str = Field(description="UAI de l'école de la classe.")


class ChildOut(Schema):
    id: int
    login: str
    display_name: str
    classes: list[ClassOut] = Field(description="Classes de l'enfant pour l'année en cours.")


class MeOut(Schema):
    id: int
    login: str
    display_name: str = Field(description="« Prénom NOM ».")
    profiles: list[ProfileCode] = Field(description=PROFILE_HELP)
    functions: list[FunctionCode] = Field(description=FUNCTION_HELP)
    schools: list[SchoolOut]
    classes: list[ClassOut] = Field(description="Classes de l'année scolaire en cours.")
    children: list[ChildOut] = Field(
        description="Enfants sur lesquels la personne a l'autorité parentale (vide sinon)."
    )


def _classes(refs: list[ClassRef]) -> list[ClassOut]:
    return [ClassOut(id=c.id, name=c.name, uai=c.uai) for c in refs]


@router.get(
    "/me",
    response=MeOut,
    summary="La personne connectée",
    description="Identité, profils, fonctions, écoles, classes et enfants de la personne.",
)
def me(request: HttpRequest) -> MeOut:
    ctx = get_person_context(request.user)
    return MeOut(
        id=ctx.user_id,
        login=ctx.login,
        display_name=ctx.display_name,
        profiles=ctx.profiles,  # type: ignore[arg-type]
        functions=ctx.functions,  # type: ignore[arg-type]
        schools=[SchoolOut(uai=s.uai, name=s.name) for s in ctx.schools],
        classes=_classes(ctx.classes),
        children=[
            ChildOut(
                id=child.id,
                login=child.login,
                display_name=child.display_name,
                classes=_classes(child.classes),
            )
            for child in ctx.children
        ],
    )
