"""The services a person may open from the home page, declared once.

Each service says who sees it (profiles and/or functions), whether a parent sees it once per child
(`per_child`), and where it lives. A service whose app does not exist yet has no `url_name`: the
home page shows it as "bientôt disponible" instead of a broken link.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from preau.directory.models import Function, Profile

ALL_PROFILES = frozenset(Profile.values)
SCHOOL_LIFE = frozenset(
    {Profile.ELEVE, Profile.RESPONSABLE, Profile.ENSEIGNANT, Profile.PERSONNEL, Profile.INVITE}
)


@dataclass(frozen=True)
class Service:
    code: str
    label: str
    description: str
    icon: str  # file name under static/icons/
    profiles: frozenset[str] = frozenset()
    functions: frozenset[str] = frozenset()
    url_name: str | None = None
    per_child: bool = False  # a parent sees it in each child's section
    everyone: bool = False  # shown to every signed-in person, whatever their roles

    @property
    def icon_path(self) -> str:
        return f"icons/{self.icon}"

    def url(self) -> str | None:
        """The service's address, or None while its app is not installed."""
        if self.url_name is None:
            return None
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None

    def is_for(self, profiles: frozenset[str], functions: frozenset[str]) -> bool:
        return self.everyone or bool(self.profiles & profiles or self.functions & functions)


CATALOGUE: tuple[Service, ...] = (
    Service(
        code="timeline",
        label="Fil de nouveautés",
        description="Tout ce qui s'est passé pour vous, du plus récent au plus ancien.",
        icon="fil.svg",
        profiles=ALL_PROFILES,
        url_name="timeline:feed",
    ),
    Service(
        code="messagerie",
        label="Messagerie",
        description="Écrire aux personnes de l'école et lire vos messages.",
        icon="messagerie.svg",
        profiles=ALL_PROFILES,
        url_name="messaging:mailbox",
    ),
    Service(
        code="carnet",
        label="Carnet de liaison",
        description="Les mots de l'école aux familles, à lire et à signer.",
        icon="carnet.svg",
        profiles=frozenset({Profile.ELEVE, Profile.RESPONSABLE, Profile.ENSEIGNANT}),
        functions=frozenset({Function.DIRECTEUR}),
        url_name="liaison:home",
        per_child=True,
    ),
    Service(
        code="cahier_multimedia",
        label="Cahier multimédia et blog",
        description="Les photos, textes et vidéos de la vie de la classe.",
        icon="cahier-multimedia.svg",
        profiles=frozenset({Profile.ELEVE, Profile.RESPONSABLE, Profile.ENSEIGNANT}),
        functions=frozenset({Function.DIRECTEUR}),
        url_name="blog:home",
        per_child=True,
    ),
    Service(
        code="actualites",
        label="Actualités",
        description="Les nouvelles de l'école et de la classe.",
        icon="actualites.svg",
        profiles=SCHOOL_LIFE,
        url_name="news:list",
        per_child=True,
    ),
    Service(
        code="documents",
        label="Espace documentaire",
        description="Vos documents et ceux que l'on partage avec vous.",
        icon="documents.svg",
        profiles=ALL_PROFILES,
        url_name="documents:home",
    ),
    Service(
        code="agenda",
        label="Agenda",
        description="Sorties, réunions et événements à venir.",
        icon="agenda.svg",
        profiles=SCHOOL_LIFE,
        per_child=True,
    ),
    Service(
        code="cahier_textes",
        label="Cahier de textes",
        description="Ce qui a été fait en classe et le travail à faire.",
        icon="cahier-textes.svg",
        profiles=frozenset({Profile.ELEVE, Profile.RESPONSABLE, Profile.ENSEIGNANT}),
        per_child=True,
    ),
    Service(
        code="mediacentre",
        label="Médiacentre",
        description="Les ressources numériques de la classe, sans nouveau mot de passe.",
        icon="mediacentre.svg",
        profiles=frozenset({Profile.ELEVE, Profile.ENSEIGNANT}),
    ),
    Service(
        code="admin_ecole",
        label="Administration de l'école",
        description="Comptes, classes, imports et règles de communication de l'école.",
        icon="admin-ecole.svg",
        url_name="lifecycle:overview",
        functions=frozenset({Function.DIRECTEUR, Function.ADMIN_LOCAL}),
    ),
    Service(
        code="console_collectivite",
        label="Console de la collectivité",
        description="Les écoles de la collectivité : effectifs, comptes ouverts, usages.",
        icon="console-collectivite.svg",
        url_name="groupement:home",
        profiles=frozenset({Profile.COLLECTIVITE}),
        functions=frozenset({Function.ADMIN_COLLECTIVITE}),
    ),
    Service(
        code="console_academique",
        label="Console académique",
        description="Écoles, administrateurs et réglages de l'académie.",
        icon="console-academique.svg",
        functions=frozenset({Function.ADMIN_ACADEMIQUE}),
    ),
    Service(
        code="compte",
        label="Mon compte",
        description="Votre mot de passe, votre adresse électronique et vos préférences.",
        icon="compte.svg",
        everyone=True,
        url_name="accounts:account",
    ),
)

_URLS: dict[tuple[str, str], dict[str, str | None]] = {}


def service_urls() -> dict[str, str | None]:
    """Every service's address by code, for this request's script prefix and URLconf.

    Reversed once per process and prefix: a home page has some thirty tiles, and `reverse` costs
    tens of microseconds each time (ADR 0054). The URLconf only changes with a release."""
    key = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    urls = _URLS.get(key)
    if urls is None:
        urls = _URLS[key] = {service.code: service.url() for service in CATALOGUE}
    return urls
