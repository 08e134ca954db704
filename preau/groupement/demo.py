"""The groupement in the demo académie: e-primo, the four collectivités as adherents.

- Ville de Bellevue-sur-Loire: represents itself, complete file (demo.collectivite's adherent);
- Communauté de communes Terres de Retz: represented by the mandataire e-Collectivités;
- SIVOS du Val de Vie: hors délai, like the seed's deliberation of 3 March 2026;
- OGEC Sainte-Marie: the private school's organisme de gestion.
Annexe 2 needs follow the loaded accounts; each adherent orders its need; a snapshot at the seed
date and the year's invoice statement are frozen. Idempotent: a present groupement is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from preau.directory.models import Academie, Collectivite, ProfileAssignment, School
from preau.groupement import services
from preau.groupement.factories import LEGAL_BASES
from preau.groupement.identifiers import with_luhn_key
from preau.groupement.models import Adherent, Groupement, Mandataire, SchoolAttachment

# A one-page PDF, enough to stand for the scanned deliberation in the demo.
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class AdherentSpec:
    collectivite: str
    kind: str
    mandataire: bool
    letter: dt.date | None
    signatory: tuple[str, str]
    deliberation: tuple[str, dt.date, str, dt.date | None, dt.date | None] | None
    pdf: bool


SPECS = [
    AdherentSpec(
        "Ville de Bellevue-sur-Loire",
        "commune",
        False,
        dt.date(2026, 1, 19),
        ("Anne Lemoine", "Maire"),
        (
            "251215.07",
            dt.date(2025, 12, 15),
            "Unanimité (29 votants)",
            dt.date(2025, 12, 17),
            dt.date(2025, 12, 18),
        ),
        True,
    ),
    AdherentSpec(
        "Communauté de communes Terres de Retz",
        "epci",
        True,
        dt.date(2026, 1, 22),
        ("Paul Guérin", "Président"),
        ("CC-2026-004", dt.date(2026, 1, 13), "42 pour, 3 abstentions", None, None),
        False,
    ),
    AdherentSpec(
        "SIVOS du Val de Vie",
        "syndicat_mixte",
        False,
        dt.date(2026, 3, 10),
        ("Hélène Bichon", "Présidente"),
        (
            "260303.32",
            dt.date(2026, 3, 3),
            "Unanimité (25 votants)",
            dt.date(2026, 3, 4),
            dt.date(2026, 3, 5),
        ),
        True,
    ),
    AdherentSpec(
        "OGEC Sainte-Marie de Bellevue",
        "organisme_gestion",
        False,
        dt.date(2026, 1, 23),
        ("Jean Perrin", "Président de l'OGEC"),
        None,
        False,
    ),
]


def seed_groupement_demo(today: dt.date | None = None) -> bool:
    """Returns whether anything was created."""
    academie = Academie.objects.filter(code="NANTES").first()
    if academie is None or Groupement.objects.filter(academie=academie).exists():
        return False
    day = today or timezone.localdate()
    with transaction.atomic():
        groupement = Groupement.objects.create(
            academie=academie,
            name="Environnement Numérique de Travail des écoles de l'Académie de Nantes, "
            "ENT 1er degré e-primo",
            short_name="e-primo",
            convention_reference="CONV_2026_006",
            legal_bases=LEGAL_BASES,
            coordinator="Rectorat de l'académie de Nantes",
            adhesion_deadline=dt.date(2026, 1, 24),
            effective_date=dt.date(2026, 7, 19),
            end_date=dt.date(2030, 7, 19),
        )
        mandataire, _ = Mandataire.objects.get_or_create(name="e-Collectivités")
        collectivites = {c.name: c for c in Collectivite.objects.filter(academie=academie)}
        for index, spec in enumerate(SPECS):
            collectivite = collectivites.get(spec.collectivite)
            if collectivite is not None:
                _seed_adherent(groupement, spec, collectivite, mandataire, index, day)
    return True


def _seed_adherent(
    groupement: Groupement,
    spec: AdherentSpec,
    collectivite: Collectivite,
    mandataire: Mandataire,
    index: int,
    day: dt.date,
) -> Adherent:
    siren = collectivite.siren if len(collectivite.siren) == 9 else f"7{index:02d}44000"
    adherent = services.register_adherent(
        None,
        groupement,
        kind=spec.kind,
        legal_name=collectivite.name,
        siren=with_luhn_key(siren[:8]),
        collectivite=collectivite,
        mandataire=mandataire if spec.mandataire else None,
        chorus_service_code=f"ENT-{index + 1:03d}",
    )
    _seed_file(adherent, spec)
    services.set_contact(None, adherent, "elu", name=spec.signatory[0], function=spec.signatory[1])
    services.set_contact(
        None,
        adherent,
        "facturation",
        name="Service financier",
        email=f"finances.{adherent.pk}@demo.preau.invalid",
    )
    schools = list(School.objects.filter(collectivite=collectivite))
    SchoolAttachment.objects.bulk_create(
        SchoolAttachment(adherent=adherent, school=s, valid_from=groupement.effective_date)
        for s in schools
    )
    need = _seed_needs(adherent, schools)
    if need:
        services.place_order(
            None, adherent, need, number=f"BC-{day.year}-{adherent.pk:03d}", today=day
        )
        services.freeze_snapshot(None, adherent, day)
        services.issue_invoice(None, adherent, day.year, today=day)
    return adherent


def _seed_file(adherent: Adherent, spec: AdherentSpec) -> None:
    changes: dict[str, object] = {
        "letter_received_on": spec.letter,
        "signatory_name": spec.signatory[0],
        "signatory_function": spec.signatory[1],
        "signed_on": spec.letter - dt.timedelta(days=4) if spec.letter else None,
    }
    if spec.deliberation:
        number, session, vote, ack, published = spec.deliberation
        changes |= {
            "deliberation_number": number,
            "deliberation_session_on": session,
            "deliberation_vote": vote,
            "prefecture_ack_on": ack,
            "published_on": published,
        }
    if spec.pdf:
        changes["deliberation_pdf"] = _placeholder_pdf(
            spec.deliberation[0] if spec.deliberation else ""
        )
    services.update_adhesion_file(None, adherent, document="dossier d'adhésion", **changes)


def _placeholder_pdf(number: str) -> str:
    """Stored once under a stable name, so seeding again never piles up files."""
    name = f"groupement/deliberations/demo-{number}.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(PLACEHOLDER_PDF))
    return name


def _seed_needs(adherent: Adherent, schools: list[School]) -> int:
    """Annexe 2: per school, pupils and teachers rounded up to the next ten."""
    counted = (
        ProfileAssignment.objects.filter(school__in=schools, profile__in=["eleve", "enseignant"])
        .values("school__uai", "profile")
        .annotate(n=Count("user", distinct=True))
    )
    total = 0
    for row in counted:
        accounts = -(-row["n"] // 10) * 10
        services.set_need(None, adherent, row["school__uai"], accounts, profile=row["profile"])
        total += accounts
    return total
