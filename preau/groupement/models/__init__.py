from preau.groupement.models.adherents import (
    Adherent,
    AdhesionFile,
    Contact,
    NeedLine,
    PurchaseOrder,
    SchoolAttachment,
)
from preau.groupement.models.convention import Groupement, Mandataire
from preau.groupement.models.counts import (
    AvailabilityProbe,
    Invoice,
    ReminderSent,
    Snapshot,
    SnapshotLine,
)

__all__ = [
    "Adherent",
    "AdhesionFile",
    "AvailabilityProbe",
    "Contact",
    "Groupement",
    "Invoice",
    "Mandataire",
    "NeedLine",
    "PurchaseOrder",
    "ReminderSent",
    "SchoolAttachment",
    "Snapshot",
    "SnapshotLine",
]
