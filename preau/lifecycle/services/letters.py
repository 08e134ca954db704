"""Generating login letters: codes for accounts awaiting activation, audited, never stored."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from preau.accounts.models import User
from preau.core.audit import audit
from preau.core.errors import InvalidInput, PermissionDenied
from preau.directory.models import School, SchoolClass
from preau.lifecycle import letters, policies, selectors
from preau.lifecycle.services.codes import awaiting_activation, store_codes

AUDIENCES = ("familles", "eleves")


def _recipients_of(recipients: selectors.Recipients, audience: str) -> list[User]:
    if audience == "eleves":
        return [user for user, _ in recipients.pupils]
    return [family.parent for family in recipients.families]


def letters_source(actor: Any, target: SchoolClass | School, audience: str) -> tuple[School, str]:
    """The letters' HTML for a class or a whole school, after issuing fresh codes.

    Every account of the selection that awaits activation gets a new code (the old one is void).
    """
    if audience not in AUDIENCES:
        raise InvalidInput("Choisissez les lettres des familles ou celles des élèves.")
    if not policies.get_abilities(actor, target)["print_letters"]:
        raise PermissionDenied("Vous ne pouvez pas imprimer les lettres de connexion ici.")
    if isinstance(target, SchoolClass):
        school, classes = target.school, [target]
    else:
        school, classes = target, selectors.current_classes(target)
    recipients = selectors.letter_recipients(classes)
    people = _recipients_of(recipients, audience)
    with transaction.atomic():
        awaiting = list(
            awaiting_activation(User.objects.filter(pk__in=[p.pk for p in people])).values_list(
                "pk", flat=True
            )
        )
        clear = store_codes(actor, awaiting)
        audit(
            actor,
            "lifecycle.letters_generated",
            target,
            audience=audience,
            classes=[c.pk for c in classes],
            persons=[p.pk for p in people],
            codes_issued=len(clear),
        )
    return school, letters.letters_html(school, recipients, clear, audience)


def generate_letters(actor: Any, target: SchoolClass | School, audience: str) -> bytes:
    _school, html = letters_source(actor, target, audience)
    return letters.render_pdf(html)
