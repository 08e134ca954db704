"""The groupement's typed errors. Each message cites the article of the convention it enforces."""

from __future__ import annotations

from preau.core.errors import Conflict, InvalidInput


class OrderBelowCommitment(InvalidInput):
    code = "order_below_commitment"
    default_message = (
        "Commande refusée : sur les 24 premiers mois du marché, un adhérent ne peut pas commander "
        "moins de comptes que le besoin exprimé lors de son adhésion (convention, article 7.1)."
    )


class WithdrawalNotOpen(Conflict):
    code = "withdrawal_not_open"
    default_message = (
        "Le retrait n'est possible que par un courrier reçu dans les deux mois qui précèdent la "
        "fin de la première période de 24 mois (convention, article 3)."
    )


class ExclusionNeedsJudgment(InvalidInput):
    code = "exclusion_needs_judicial_decision"
    default_message = (
        "Une exclusion ne peut être prononcée que suite à une procédure judiciaire, en observant "
        "la décision du juge compétent : indiquez la référence de la décision (convention, "
        "article 3)."
    )


class AdherentNotEngaged(Conflict):
    code = "adherent_not_engaged"
    default_message = "Cet adhérent n'est plus engagé dans le groupement (retrait ou exclusion)."


class SnapshotMissing(Conflict):
    code = "snapshot_missing"
    default_message = (
        "Aucun relevé figé pour cette année : lancez d'abord le relevé à la date de référence."
    )
