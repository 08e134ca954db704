"""Factories for the communication app (call them as `XFactory.create(...)`)."""

from __future__ import annotations

import factory

from preau.communication.models import CommunicationRule, MessagingSuspension
from preau.directory.factories import SchoolFactory


class CommunicationRuleFactory(factory.django.DjangoModelFactory[CommunicationRule]):
    class Meta:
        model = CommunicationRule

    school = factory.SubFactory(SchoolFactory)
    code = "parents_parents"
    enabled = True


class MessagingSuspensionFactory(factory.django.DjangoModelFactory[MessagingSuspension]):
    class Meta:
        model = MessagingSuspension

    reason = "Message inapproprié en cours d'examen"
