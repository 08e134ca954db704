"""The fixed demo accounts (password `preau-demo`), all around the main school."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from preau.directory.demo.data import MAIN
from preau.directory.demo.roster import Roster
from preau.directory.demo.structures import Log, Structures

DEMO_PASSWORD = "preau-demo"


@dataclass(frozen=True)
class DemoAccount:
    login: str
    first_name: str
    last_name: str
    role: str  # shown in the table printed at the end
    age: int = 0  # pupils: age reached in the calendar year of the rentrée


DEMO_ACCOUNTS = [
    DemoAccount(
        "demo.directeur", "Hélène", "Morvan", "directrice et administratrice locale, Jules-Verne"
    ),
    DemoAccount("demo.enseignant", "Thomas", "Le Goff", "enseignant de CE1-CE2, Jules-Verne"),
    DemoAccount(
        "demo.parent", "Sophie", "Brochard", "mère de Léo (CE1-CE2) et Jade (CM1), Jules-Verne"
    ),
    DemoAccount("demo.eleve", "Léo", "Garnier", "élève de CE1 en CE1-CE2, Jules-Verne", age=7),
    DemoAccount("demo.atsem", "Nadine", "Rabaud", "ATSEM en PS-MS, Jules-Verne"),
    DemoAccount("demo.inspecteur", "Philippe", "Tanguy", "IEN de Bellevue-sur-Loire"),
    DemoAccount(
        "demo.collectivite",
        "Anne-Marie",
        "Gaborit",
        "adjointe aux affaires scolaires, Ville de Bellevue-sur-Loire",
    ),
    DemoAccount("demo.admin", "Yannick", "Cariou", "administrateur académique (DRANE) de Nantes"),
]
DEMO_LOGINS = [account.login for account in DEMO_ACCOUNTS]


def seed_demo_accounts(log: Log, st: Structures, school_year: int) -> None:
    present = set(
        get_user_model().objects.filter(login__in=DEMO_LOGINS).values_list("login", flat=True)
    )
    if present == set(DEMO_LOGINS):
        log.present_("comptes de démonstration")
        return
    if present:
        missing = ", ".join(sorted(set(DEMO_LOGINS) - present))
        raise RuntimeError(
            f"Comptes de démonstration incomplets (manquants : {missing}). "
            "Repartez d'une base vide pour recharger la démonstration."
        )
    build_demo_roster(st, school_year).save()
    log.created_(f"{len(DEMO_ACCOUNTS)} comptes de démonstration")


def build_demo_roster(st: Structures, school_year: int) -> Roster:
    password_hash = make_password(DEMO_PASSWORD)  # hashed once for every demo account
    roster = Roster()
    who = {
        a.login: roster.person(
            a.first_name,
            a.last_name,
            login=a.login,
            password_hash=password_hash,
            birth_date=datetime.date(school_year - a.age, 4, 17) if a.age else None,
        )
        for a in DEMO_ACCOUNTS
    }
    school = st.schools[MAIN]
    classes = {name: c for (key, name), c in st.classes.items() if key == MAIN}
    roster.member(who["demo.directeur"], classes["CM2"], "enseignant")
    roster.function(who["demo.directeur"], "directeur", school=school)
    roster.function(who["demo.directeur"], "admin_local", school=school)
    roster.member(who["demo.enseignant"], classes["CE1-CE2"], "enseignant")
    roster.profile(who["demo.atsem"], "personnel", school=school, personnel_kind="atsem")
    roster.member(who["demo.atsem"], classes["PS-MS"], "personnel")
    circonscription = school.circonscription
    roster.profile(
        who["demo.inspecteur"], "inspection", circonscription=circonscription, title="IEN"
    )
    collectivite = school.collectivite
    roster.profile(
        who["demo.collectivite"],
        "collectivite",
        collectivite=collectivite,
        title="Adjointe aux affaires scolaires",
    )
    roster.function(who["demo.collectivite"], "admin_collectivite", collectivite=collectivite)
    roster.function(who["demo.admin"], "admin_academique", academie=st.academie)
    # The Garnier family: separated parents, two children in two classes of the main school.
    leo = who["demo.eleve"]
    roster.member(leo, classes["CE1-CE2"], "eleve", "CE1")
    jade = roster.person("Jade", "Garnier", birth_date=datetime.date(school_year - 9, 11, 2))
    roster.member(jade, classes["CM1"], "eleve", "CM1")
    father = roster.person("Julien", "Garnier")
    for child in (leo, jade):
        roster.link(who["demo.parent"], child, "mere")
        roster.link(father, child, "pere")
    return roster
