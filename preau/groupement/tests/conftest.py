"""Fixtures for the groupement's tests: a groupement, an adherent with a school, people."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from preau.directory.factories import (
    CollectiviteFactory,
    FunctionAssignmentFactory,
    ProfileAssignmentFactory,
    SchoolFactory,
    UserFactory,
)
from preau.groupement.factories import AdherentFactory, GroupementFactory
from preau.groupement.models import SchoolAttachment


@pytest.fixture
def groupement(db: Any) -> Any:
    return GroupementFactory.create()


@pytest.fixture
def collectivite(db: Any) -> Any:
    return CollectiviteFactory.create(name="Ville de Mésanger")


@pytest.fixture
def adherent(groupement: Any, collectivite: Any) -> Any:
    return AdherentFactory.create(
        groupement=groupement, collectivite=collectivite, legal_name="Commune de Mésanger"
    )


@pytest.fixture
def attached_school(adherent: Any, collectivite: Any) -> Any:
    school = SchoolFactory.create(collectivite=collectivite, name="École des Tilleuls")
    SchoolAttachment.objects.create(
        adherent=adherent, school=school, valid_from=dt.date(2026, 7, 19)
    )
    return school


@pytest.fixture
def coordinator(groupement: Any) -> Any:
    user = UserFactory.create(login="coordinatrice")
    FunctionAssignmentFactory.create(
        user=user, function="admin_academique", school=None, academie=groupement.academie
    )
    return user


@pytest.fixture
def representative(collectivite: Any) -> Any:
    user = UserFactory.create(login="elu.mesanger")
    ProfileAssignmentFactory.create(
        user=user, profile="collectivite", school=None, collectivite=collectivite
    )
    FunctionAssignmentFactory.create(
        user=user, function="admin_collectivite", school=None, collectivite=collectivite
    )
    return user
