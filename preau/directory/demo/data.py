"""The demo académie's fixed content: structures, schools, classes, names. Fictional places."""

from __future__ import annotations

from dataclasses import dataclass

ACADEMIE = ("NANTES", "Nantes")
DEPARTEMENTS = [("044", "Loire-Atlantique"), ("085", "Vendée")]
CIRCONSCRIPTIONS = [
    # code, département, name
    ("044-BEL", "044", "Circonscription de Bellevue-sur-Loire"),
    ("044-RETZ", "044", "Circonscription du Pays de Retz"),
    ("085-VIE", "085", "Circonscription de la Vallée de la Vie"),
]
COLLECTIVITES = [
    # key, kind, name, siren, insee
    ("ville", "commune", "Ville de Bellevue-sur-Loire", "214409871", "44990"),
    ("cc", "epci", "Communauté de communes Terres de Retz", "244400972", ""),
    ("sivos", "syndicat_mixte", "SIVOS du Val de Vie", "258501234", ""),
    ("ogec", "organisme_gestion", "OGEC Sainte-Marie de Bellevue", "", ""),
]
RPI_NAME = "RPI du Val de Vie"


@dataclass(frozen=True)
class SchoolSpec:
    key: str
    uai: str
    name: str
    kind: str
    sector: str
    circonscription: str
    collectivite: str
    commune: str
    address: str
    classes: tuple[tuple[str, tuple[str, ...]], ...]
    rpi: bool = False


PUBLIC, PRIVATE = "public", "prive_sous_contrat"
MAIN = "jules-verne"

SCHOOLS = [
    SchoolSpec(
        MAIN,
        "0441547T",
        "École primaire Jules-Verne",
        "primaire",
        PUBLIC,
        "044-BEL",
        "ville",
        "Bellevue-sur-Loire",
        "12 rue des Écoles, 44990 Bellevue-sur-Loire",
        (
            ("PS-MS", ("PS", "MS")),
            ("GS", ("GS",)),
            ("CP A", ("CP",)),
            ("CP B", ("CP",)),
            ("CE1", ("CE1",)),
            ("CE1-CE2", ("CE1", "CE2")),
            ("CE2", ("CE2",)),
            ("CM1", ("CM1",)),
            ("CM1-CM2", ("CM1", "CM2")),
            ("CM2", ("CM2",)),
        ),
    ),
    SchoolSpec(
        "coquelicots",
        "0441523S",
        "École maternelle Les Coquelicots",
        "maternelle",
        PUBLIC,
        "044-BEL",
        "ville",
        "Bellevue-sur-Loire",
        "3 allée des Coquelicots, 44990 Bellevue-sur-Loire",
        (
            ("TPS-PS", ("TPS", "PS")),
            ("PS A", ("PS",)),
            ("PS-MS", ("PS", "MS")),
            ("MS-GS", ("MS", "GS")),
            ("GS", ("GS",)),
        ),
    ),
    SchoolSpec(
        "eluard",
        "0441612N",
        "École élémentaire Paul-Éluard",
        "elementaire",
        PUBLIC,
        "044-RETZ",
        "cc",
        "Port-Saint-Hilaire",
        "8 place de la Mairie, 44880 Port-Saint-Hilaire",
        (
            ("CP", ("CP",)),
            ("CP-CE1", ("CP", "CE1")),
            ("CE1-CE2", ("CE1", "CE2")),
            ("CE2-CM1", ("CE2", "CM1")),
            ("CM1-CM2", ("CM1", "CM2")),
            ("CM2", ("CM2",)),
        ),
    ),
    SchoolSpec(
        "saint-aubin",
        "0851208B",
        "École publique de Saint-Aubin-la-Vie",
        "primaire",
        PUBLIC,
        "085-VIE",
        "sivos",
        "Saint-Aubin-la-Vie",
        "1 rue du Lavoir, 85770 Saint-Aubin-la-Vie",
        (("PS-MS-GS", ("PS", "MS", "GS")), ("CP-CE1", ("CP", "CE1"))),
        rpi=True,
    ),
    SchoolSpec(
        "la-chapelle",
        "0851215J",
        "École publique de La Chapelle-sur-Vie",
        "elementaire",
        PUBLIC,
        "085-VIE",
        "sivos",
        "La Chapelle-sur-Vie",
        "5 route de la Forêt, 85770 La Chapelle-sur-Vie",
        (("CE2-CM1", ("CE2", "CM1")), ("CM1-CM2", ("CM1", "CM2"))),
        rpi=True,
    ),
    SchoolSpec(
        "sainte-marie",
        "0441988X",
        "École privée Sainte-Marie",
        "primaire",
        PRIVATE,
        "044-BEL",
        "ogec",
        "Bellevue-sur-Loire",
        "20 rue Saint-Joseph, 44990 Bellevue-sur-Loire",
        (
            ("PS-MS", ("PS", "MS")),
            ("GS-CP", ("GS", "CP")),
            ("CE1-CE2", ("CE1", "CE2")),
            ("CM1-CM2", ("CM1", "CM2")),
        ),
    ),
]

# Population units: the schools of a unit share families (siblings across the RPI).
UNITS = [(MAIN,), ("coquelicots",), ("eluard",), ("saint-aubin", "la-chapelle"), ("sainte-marie",)]

FIRST_NAMES_F = [
    "Emma",
    "Jade",
    "Louise",
    "Alice",
    "Chloé",
    "Lina",
    "Léa",
    "Rose",
    "Anna",
    "Mila",
    "Inès",
    "Ambre",
    "Julia",
    "Mia",
    "Léna",
    "Manon",
    "Juliette",
    "Lou",
    "Zoé",
    "Camille",
    "Agathe",
    "Jeanne",
    "Romane",
    "Nina",
    "Sarah",
    "Éléa",
    "Iris",
    "Lucie",
    "Margaux",
    "Adèle",
    "Capucine",
    "Maëlys",
    "Clémence",
    "Héloïse",
    "Anaïs",
    "Noémie",
    "Salomé",
    "Élise",
    "Victoire",
    "Apolline",
]
FIRST_NAMES_M = [
    "Gabriel",
    "Léo",
    "Raphaël",
    "Louis",
    "Arthur",
    "Jules",
    "Adam",
    "Maël",
    "Lucas",
    "Hugo",
    "Noah",
    "Liam",
    "Sacha",
    "Paul",
    "Nathan",
    "Tom",
    "Éthan",
    "Timéo",
    "Théo",
    "Mathis",
    "Aaron",
    "Nolan",
    "Axel",
    "Victor",
    "Martin",
    "Eden",
    "Robin",
    "Valentin",
    "Mathéo",
    "Gaspard",
    "Antoine",
    "Côme",
    "Baptiste",
    "Clément",
    "Noé",
    "Malo",
    "Titouan",
    "Erwan",
    "Yanis",
    "Loïc",
]
ADULT_FIRST_NAMES_F = [
    "Sophie",
    "Isabelle",
    "Nathalie",
    "Céline",
    "Aurélie",
    "Stéphanie",
    "Émilie",
    "Julie",
    "Caroline",
    "Sandrine",
    "Virginie",
    "Élodie",
    "Marion",
    "Anne-Sophie",
    "Laure",
    "Hélène",
    "Delphine",
    "Claire",
    "Audrey",
    "Mélanie",
    "Gwenaëlle",
    "Maud",
    "Karine",
    "Séverine",
    "Pauline",
    "Armelle",
    "Solène",
]
ADULT_FIRST_NAMES_M = [
    "Nicolas",
    "Julien",
    "Sébastien",
    "Guillaume",
    "Jérôme",
    "Mathieu",
    "Christophe",
    "Olivier",
    "Stéphane",
    "David",
    "Cédric",
    "Frédéric",
    "Ludovic",
    "Yann",
    "Benoît",
    "Arnaud",
    "Grégory",
    "Fabrice",
    "François",
    "Jean-Baptiste",
    "Pierre-Yves",
    "Erwan",
    "Thierry",
    "Ronan",
    "Gaël",
    "Hervé",
    "Loïc",
]
# Two-word names are written with "_" and restored below.
_LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre "
    "Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont "
    "Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry "
    "Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin "
    "Le_Goff Le_Gall Le_Roux Guillou Tanguy Le_Floch Jaouen Cariou Quéméner Le_Bihan Morvan "
    "Brochard Rabaud Bouchet Gaborit Charrier Guilbaud Chauvet Baudry Renaud Caillaud Pineau "
    "Grolleau Bodin Friou Bouyer Giraudeau Brunet Besnard Hervouet Lebreton D'Amico Nguyen Diallo "
    "Benali Ferreira Da_Silva Kowalski Ben_Salah Traoré"
)
LAST_NAMES = [name.replace("_", " ") for name in _LAST_NAMES.split()]

PARTNERS = [
    # school key, first, last, title
    (MAIN, "Karim", "Benali", "Club de judo de Bellevue"),
    ("coquelicots", "Annie", "Jaouen", "Médiathèque municipale"),
]
INSPECTORS = [
    # circonscription, first, last, title
    ("044-BEL", "Françoise", "Le Bihan", "CPC"),
    ("044-RETZ", "Bruno", "Charrier", "IEN"),
    ("085-VIE", "Marie-Odile", "Pineau", "IEN"),
]
