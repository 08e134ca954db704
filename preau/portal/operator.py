"""Who runs this Préau instance: names shown on the legal and personal-data pages.

Each value is set per deployment through an environment variable read in `config/settings.py`;
the defaults below describe a typical public-school deployment and stay truthful without settings.
"""

from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    "PREAU_CONTROLLER_NAME": (
        "le directeur ou la directrice de chaque école, pour les données de son école, "
        "conjointement avec la direction académique (IA-DASEN) et la collectivité qui met "
        "l'ENT à disposition de l'école"
    ),
    "PREAU_DPO_CONTACT": "le délégué à la protection des données (DPD) de l'académie",
    "PREAU_OPERATOR_NAME": (
        "la collectivité ou le groupement qui met Préau à disposition des écoles"
    ),
    "PREAU_HOST_NAME": "un hébergeur situé dans l'Union européenne",
    "PREAU_CONTACT_EMAIL": "",
}


@dataclass(frozen=True)
class OperatorInfo:
    controller_name: str
    dpo_contact: str
    operator_name: str
    host_name: str
    contact_email: str
    public_url: str


def get_operator_info() -> OperatorInfo:
    def value(name: str) -> str:
        return str(getattr(settings, name, "") or DEFAULTS[name])

    return OperatorInfo(
        controller_name=value("PREAU_CONTROLLER_NAME"),
        dpo_contact=value("PREAU_DPO_CONTACT"),
        operator_name=value("PREAU_OPERATOR_NAME"),
        host_name=value("PREAU_HOST_NAME"),
        contact_email=str(getattr(settings, "PREAU_CONTACT_EMAIL", "") or ""),
        public_url=str(settings.PREAU_PUBLIC_URL),
    )
