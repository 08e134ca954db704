"""Writes on the adhesion: the groupement, adherents, their file, contacts, needs and schools."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from preau.core.audit import audit
from preau.core.errors import Conflict, InvalidInput
from preau.directory.models import School
from preau.groupement import tasks
from preau.groupement.models import (
    Adherent,
    AdhesionFile,
    Contact,
    Groupement,
    NeedLine,
    SchoolAttachment,
)
from preau.groupement.services._common import authorize, require_coordinator

FILE_FIELDS = {
    "letter_received_on",
    "signatory_name",
    "signatory_function",
    "signed_on",
    "deliberation_number",
    "deliberation_session_on",
    "deliberation_vote",
    "prefecture_ack_on",
    "published_on",
    "deliberation_pdf",
}


def _full_clean(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        messages = [m for msgs in exc.message_dict.values() for m in msgs]
        raise InvalidInput(" ".join(messages), fields=sorted(exc.message_dict)) from exc


@transaction.atomic
def register_adherent(actor: Any, groupement: Groupement, **fields: Any) -> Adherent:
    """The coordinator records a new adherent; its withdrawal reminders are scheduled."""
    require_coordinator(actor)
    adherent = Adherent(groupement=groupement, **fields)
    _full_clean(adherent)
    if Adherent.objects.filter(groupement=groupement, siren=adherent.siren).exists():
        raise Conflict("Un adhérent porte déjà ce SIREN.", code="adherent_exists")
    adherent.save()
    AdhesionFile.objects.create(adherent=adherent)
    audit(actor, "groupement.adherent_registered", adherent, legal_name=adherent.legal_name)
    transaction.on_commit(lambda: tasks.schedule_calendar_tasks(adherent.pk))
    return adherent


@transaction.atomic
def update_adhesion_file(
    actor: Any, adherent: Adherent, document: str = "", **changes: Any
) -> AdhesionFile:
    """Record what arrived (letter, signed convention, annexe 1). `document` names the piece."""
    authorize(actor, "manage", adherent)
    unknown = set(changes) - FILE_FIELDS
    if unknown:
        raise InvalidInput(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    file = AdhesionFile.objects.select_for_update().get(adherent=adherent)
    for name, value in changes.items():
        setattr(file, name, value)
    _full_clean(file)
    file.save()
    logged = {k: str(v) for k, v in changes.items() if k != "deliberation_pdf"}
    if "deliberation_pdf" in changes:
        logged["deliberation_pdf"] = file.deliberation_pdf.name
    audit(actor, "groupement.adhesion_file_updated", adherent, document=document, changes=logged)
    return file


@transaction.atomic
def set_contact(actor: Any, adherent: Adherent, role: str, **fields: Any) -> Contact:
    authorize(actor, "manage", adherent)
    contact = Contact.objects.filter(adherent=adherent, role=role).first() or Contact(
        adherent=adherent, role=role
    )
    for name, value in fields.items():
        setattr(contact, name, value)
    _full_clean(contact)
    contact.save()
    audit(actor, "groupement.contact_set", adherent, role=role, name=contact.name)
    return contact


@transaction.atomic
def set_need(
    actor: Any, adherent: Adherent, uai: str, accounts: int, profile: str = ""
) -> NeedLine:
    """Annexe 2: the accounts needed for one school (and profile when given)."""
    authorize(actor, "manage", adherent)
    if accounts < 0:
        raise InvalidInput("Le besoin est un nombre de comptes positif ou nul.")
    school = School.objects.filter(uai=uai.upper()).first()
    need, _ = NeedLine.objects.update_or_create(
        adherent=adherent,
        uai=uai.upper(),
        profile=profile,
        defaults={"accounts": accounts, "school": school},
    )
    audit(
        actor,
        "groupement.need_set",
        adherent,
        document="annexe 2",
        uai=need.uai,
        profile=profile,
        accounts=accounts,
    )
    return need


@transaction.atomic
def attach_school(
    actor: Any, adherent: Adherent, school: School, valid_from: dt.date
) -> SchoolAttachment:
    """An adherent may add schools at any time (convention, article 7.1)."""
    authorize(actor, "manage", adherent)
    current = SchoolAttachment.objects.filter(school=school, valid_until__isnull=True).first()
    if current is not None:
        if current.adherent_id == adherent.pk:
            return current
        raise Conflict(
            f"L'école {school.uai} est déjà rattachée à un autre adhérent.",
            code="school_already_attached",
        )
    attachment = SchoolAttachment.objects.create(
        adherent=adherent, school=school, valid_from=valid_from
    )
    audit(actor, "groupement.school_attached", adherent, uai=school.uai, valid_from=str(valid_from))
    return attachment


@transaction.atomic
def detach_school(
    actor: Any, adherent: Adherent, school: School, valid_until: dt.date
) -> SchoolAttachment:
    """Removing a school never lowers the first-period order (the orders are untouched)."""
    authorize(actor, "manage", adherent)
    attachment = SchoolAttachment.objects.filter(
        adherent=adherent, school=school, valid_until__isnull=True
    ).first()
    if attachment is None:
        raise InvalidInput(f"L'école {school.uai} n'est pas rattachée à cet adhérent.")
    if valid_until < attachment.valid_from:
        raise InvalidInput("La date de fin précède la date de rattachement.")
    attachment.valid_until = valid_until
    attachment.save(update_fields=["valid_until"])
    audit(
        actor,
        "groupement.school_detached",
        adherent,
        uai=school.uai,
        valid_until=str(valid_until),
    )
    return attachment
