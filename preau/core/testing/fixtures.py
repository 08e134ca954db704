"""Shared pytest fixtures (directory data, demo académie)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass(frozen=True)
class Demo:
    """The demo académie's fixed accounts, by short name (`demo.parent` → `demo.parent`…)."""

    directeur: Any
    enseignant: Any
    parent: Any
    eleve: Any
    atsem: Any
    inspecteur: Any
    collectivite: Any
    admin: Any

    @property
    def accounts(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@pytest.fixture
def demo(db: Any) -> Demo:
    """Loads the demo académie into the test database (about a second) and returns its accounts."""
    from django.contrib.auth import get_user_model

    from preau.directory.demo import DEMO_ACCOUNTS, seed_demo

    seed_demo()
    users = {u.login: u for u in get_user_model().objects.filter(login__startswith="demo.")}
    return Demo(**{a.login.removeprefix("demo."): users[a.login] for a in DEMO_ACCOUNTS})


@pytest.fixture
def demo_password() -> str:
    from preau.directory.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


@pytest.fixture
def school(db: Any) -> Any:
    """A public primary school with a valid UAI, in its circonscription and collectivité."""
    from preau.directory.factories import SchoolFactory

    return SchoolFactory.create()


@pytest.fixture
def school_class(school: Any) -> Any:
    """A current-year CE1-CE2 class of `school`."""
    from preau.directory.factories import SchoolClassFactory

    return SchoolClassFactory.create(school=school, name="CE1-CE2", levels=["CE1", "CE2"])


@pytest.fixture
def user_factory(db: Any) -> Any:
    from preau.directory.factories import UserFactory

    return UserFactory


@pytest.fixture(autouse=True)
def _deterministic_factories() -> None:
    """Same fake names in every run, so a failure can always be replayed."""
    import factory.random

    factory.random.reseed_random("preau-tests")


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Each test starts with an empty cache: ids are reused between tests (a rolled-back SQLite
    sequence), so a card cached for user 5 in one test must not show for another user 5."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _content_types_cached(request: Any, django_db_blocker: Any) -> None:
    """Each database test starts with every content type cached, as a running process has them.

    Django caches content types per process, and a flush (the end of every transactional test)
    empties that cache: without this, a query count pinned by a test would depend on whether a
    transactional test ran before it on the same worker."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db")
    )
    if not uses_db:
        return
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


def session_read_queries() -> int:
    """SQL queries spent loading the session: none when sessions are read from Redis first."""
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
