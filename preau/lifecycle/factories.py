"""Factories of the lifecycle app."""

from __future__ import annotations

import factory
from django.utils import timezone

from preau.lifecycle.models import AccountState


class AccountStateFactory(factory.django.DjangoModelFactory[AccountState]):
    class Meta:
        model = AccountState

    state = AccountState.State.ABSENT
    absent_since = factory.LazyFunction(timezone.localdate)
