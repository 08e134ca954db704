from preau.groupement.services.adhesion import (
    attach_school,
    detach_school,
    register_adherent,
    set_contact,
    set_need,
    update_adhesion_file,
)
from preau.groupement.services.availability import monthly_availability, record_probe
from preau.groupement.services.commitments import (
    exclude,
    place_order,
    record_tacit_renewal,
    record_withdrawal,
)
from preau.groupement.services.snapshots import freeze_snapshot, invoice_lines, issue_invoice

__all__ = [
    "attach_school",
    "detach_school",
    "exclude",
    "freeze_snapshot",
    "invoice_lines",
    "issue_invoice",
    "monthly_availability",
    "place_order",
    "record_probe",
    "record_tacit_renewal",
    "record_withdrawal",
    "register_adherent",
    "set_contact",
    "set_need",
    "update_adhesion_file",
]
