"""Adherents, their adhesion file (convention, annexes 1 and 2), schools and purchase orders."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preau.directory.models import Collectivite, School
from preau.groupement.identifiers import validate_siren, validate_siret
from preau.groupement.models.convention import Groupement, Mandataire


class Adherent(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", "Commune"
        EPCI = "epci", "EPCI / communauté de communes"
        SYNDICAT = "syndicat_mixte", "Syndicat mixte"
        PUBLIC_BODY = "etablissement_public", "Autre établissement public"
        ORGANISME_GESTION = "organisme_gestion", "Organisme de gestion d'école privée"
        RECTORAT = "rectorat", "Rectorat"

    class Commitment(models.TextChoices):
        FIRST_PERIOD = "first_period", "Première période de 24 mois"
        WITHDRAWN = "withdrawn", "Retrait à la fin de la première période"
        RENEWED = "renewed", "Reconduit tacitement"
        EXCLUDED = "excluded", "Exclu par décision de justice"

    groupement = models.ForeignKey(Groupement, on_delete=models.PROTECT, related_name="adherents")
    kind = models.CharField("nature", max_length=30, choices=Kind.choices)
    legal_name = models.CharField("raison sociale", max_length=200)
    siren = models.CharField("SIREN", max_length=9, validators=[validate_siren])
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    address = models.CharField("adresse", max_length=300, blank=True)
    collectivite = models.ForeignKey(
        Collectivite, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mandataire = models.ForeignKey(
        Mandataire, null=True, blank=True, on_delete=models.PROTECT, related_name="adherents"
    )
    chorus_service_code = models.CharField("code service Chorus Pro", max_length=100, blank=True)
    commitment = models.CharField(
        "engagement", max_length=20, choices=Commitment.choices, default=Commitment.FIRST_PERIOD
    )
    withdrawal_letter_on = models.DateField("courrier de retrait reçu le", null=True, blank=True)
    renewed_on = models.DateField("reconduit le", null=True, blank=True)
    excluded_on = models.DateField("exclu le", null=True, blank=True)
    exclusion_decision = models.CharField("décision de justice", max_length=300, blank=True)

    class Meta:
        verbose_name = "adhérent"
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["groupement", "siren"], name="unique_adherent_siren"),
            models.CheckConstraint(
                name="exclusion_has_judicial_decision",
                condition=~models.Q(commitment="excluded") | ~models.Q(exclusion_decision=""),
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def represented_by(self) -> str:
        return self.mandataire.name if self.mandataire is not None else "Lui-même"


class Contact(models.Model):
    class Role(models.TextChoices):
        ELU = "elu", "Élu signataire"
        REFERENT = "referent", "Référent"
        FACTURATION = "facturation", "Contact de facturation"

    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    name = models.CharField("nom", max_length=200)
    function = models.CharField("fonction", max_length=200, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)

    class Meta:
        verbose_name = "contact"
        constraints = [
            models.UniqueConstraint(fields=["adherent", "role"], name="one_contact_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class AdhesionFile(models.Model):
    """What arrived by registered letter: the signed convention and its annexes 1 and 2."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Reçu"
        COMPLETE = "complete", "Complet"
        INCOMPLETE = "incomplete", "Incomplet"
        LATE = "late", "Hors délai"

    adherent = models.OneToOneField(Adherent, on_delete=models.CASCADE, related_name="adhesion")
    letter_received_on = models.DateField("courrier recommandé reçu le", null=True, blank=True)
    signatory_name = models.CharField("signataire", max_length=200, blank=True)
    signatory_function = models.CharField("fonction du signataire", max_length=200, blank=True)
    signed_on = models.DateField("convention signée le", null=True, blank=True)
    deliberation_number = models.CharField("n° de délibération", max_length=50, blank=True)
    deliberation_session_on = models.DateField("séance du", null=True, blank=True)
    deliberation_vote = models.CharField("vote", max_length=200, blank=True)
    prefecture_ack_on = models.DateField("accusé de réception préfecture", null=True, blank=True)
    published_on = models.DateField("publiée le", null=True, blank=True)
    deliberation_pdf = models.FileField(
        "délibération (PDF)", upload_to="groupement/deliberations/", blank=True
    )

    class Meta:
        verbose_name = "dossier d'adhésion"

    def __str__(self) -> str:
        return f"Dossier d'adhésion de {self.adherent_id}"

    def missing_documents(self) -> list[str]:
        """French labels of the pieces still missing from the file."""
        checks = [
            (self.letter_received_on, "courrier recommandé"),
            (
                self.signed_on and self.signatory_name and self.signatory_function,
                "convention signée (signataire, fonction, date)",
            ),
            (
                self.deliberation_number
                and self.deliberation_session_on
                and self.deliberation_vote,
                "annexe 1 : délibération (numéro, séance, vote)",
            ),
            (self.prefecture_ack_on, "annexe 1 : accusé de réception de la préfecture"),
            (self.published_on, "annexe 1 : date de publication"),
            (self.deliberation_pdf, "annexe 1 : copie PDF de la délibération"),
        ]
        return [label for present, label in checks if not present]

    def get_status_display_for(self, has_needs: bool) -> str:
        return str(self.Status(self.status(has_needs)).label)

    def status(self, has_needs: bool) -> str:
        """Hors délai when the letter came after the deadline, whatever else; otherwise complete,
        incomplete, or merely received when nothing but the letter has been recorded."""
        adherent = self.adherent
        if adherent.groupement.is_late(self.letter_received_on):
            return self.Status.LATE
        missing = self.missing_documents() + ([] if has_needs else ["annexe 2 : besoins"])
        if not missing:
            return self.Status.COMPLETE
        if self.letter_received_on and len(missing) == 6:
            return self.Status.RECEIVED
        return self.Status.INCOMPLETE


class NeedLine(models.Model):
    """Annexe 2: accounts needed per school (UAI), per profile when the adherent gave it."""

    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="needs")
    uai = models.CharField("UAI", max_length=8)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.SET_NULL)
    profile = models.CharField("profil", max_length=20, blank=True)  # "" = all profiles
    accounts = models.PositiveIntegerField("comptes")

    class Meta:
        verbose_name = "besoin exprimé (annexe 2)"
        ordering = ["uai", "profile"]
        constraints = [
            models.UniqueConstraint(
                fields=["adherent", "uai", "profile"], name="unique_need_per_school_profile"
            )
        ]

    def __str__(self) -> str:
        return f"{self.uai} {self.profile or 'tous profils'} : {self.accounts}"


class SchoolAttachment(models.Model):
    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="attachments")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="groupement_attachments"
    )
    valid_from = models.DateField("à partir du")
    valid_until = models.DateField("jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "école rattachée"
        ordering = ["school__name"]

    def __str__(self) -> str:
        return f"{self.school_id} → {self.adherent_id} ({self.valid_from})"


class PurchaseOrder(models.Model):
    class Period(models.TextChoices):
        FIRST = "first", "Première période (24 mois)"
        RENEWAL = "renewal", "Période de reconduction"

    adherent = models.ForeignKey(Adherent, on_delete=models.PROTECT, related_name="orders")
    number = models.CharField("n° de bon de commande", max_length=50)
    period = models.CharField("période", max_length=10, choices=Period.choices)
    accounts = models.PositiveIntegerField("comptes")
    ordered_on = models.DateField("commandé le")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "bon de commande"
        ordering = ["ordered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["adherent", "number"], name="unique_order_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.accounts} comptes)"
