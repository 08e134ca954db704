"""Reads: attached schools, need vs ordered vs actual accounts, history.

Definitions, printed on every document:
- loaded: an account holding a school profile in an attached school, created on or before the date;
- activated: among those, the person had activated the account (`activated_at`) by the date;
- active: among those, the person logged in during the period, from 1 September of the school
  year containing the date up to the date.
Billable accounts are the activated ones; an alert is raised when they exceed the accounts ordered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from preau.core.models import AuditEvent
from preau.directory.models import SCHOOL_PROFILES, Profile, ProfileAssignment, School
from preau.directory.schoolyear import current_school_year
from preau.groupement.models import Adherent, NeedLine, PurchaseOrder, Snapshot

DEFINITIONS = (
    "Comptes chargés : comptes d'un profil d'école dans une école rattachée, créés au plus tard "
    "à la date de référence. Comptes activés : parmi eux, ceux que la personne a activés à cette "
    "date. Comptes actifs : parmi eux, ceux qui se sont connectés entre le 1er septembre de "
    "l'année scolaire et la date de référence."
)


@dataclass
class Counts:
    need: int = 0
    loaded: int = 0
    activated: int = 0
    active: int = 0

    def add(self, other: Counts) -> None:
        self.need += other.need
        self.loaded += other.loaded
        self.activated += other.activated
        self.active += other.active

    @property
    def activation_rate(self) -> int | None:
        return round(100 * self.activated / self.loaded) if self.loaded else None


def profile_label(code: str) -> str:
    return str(Profile(code).label) if code in Profile.values else code


@dataclass
class CountRow:
    uai: str
    school_name: str
    profile: str
    counts: Counts

    @property
    def profile_label(self) -> str:
        return profile_label(self.profile)


@dataclass
class Commitment:
    ordered: int
    rows: list[CountRow]
    total: Counts = field(default_factory=Counts)

    @property
    def need(self) -> int:
        return self.total.need

    @property
    def over_ordered(self) -> bool:
        return self.total.activated > self.ordered

    def by_school(self) -> list[CountRow]:
        merged: dict[str, CountRow] = {}
        for row in self.rows:
            target = merged.setdefault(row.uai, CountRow(row.uai, row.school_name, "", Counts()))
            target.counts.add(row.counts)
        return list(merged.values())


def day_end(day: dt.date) -> dt.datetime:
    """The first instant after `day`, local time."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def period_start(day: dt.date) -> dt.datetime:
    year = current_school_year(day)
    return timezone.make_aware(dt.datetime(year, 9, 1))


def attached_schools(adherent: Adherent, on: dt.date) -> QuerySet[School]:
    return School.objects.filter(
        Q(groupement_attachments__valid_until__isnull=True)
        | Q(groupement_attachments__valid_until__gte=on),
        groupement_attachments__adherent=adherent,
        groupement_attachments__valid_from__lte=on,
    ).order_by("uai")


def ordered_accounts(adherent: Adherent, on: dt.date) -> int:
    """Accounts ordered for the period `on` falls in (first 24 months, or the renewal)."""
    period = adherent.groupement.calendar.period_of(on)
    total = PurchaseOrder.objects.filter(
        adherent=adherent, period=period, ordered_on__lte=on
    ).aggregate(total=Sum("accounts"))["total"]
    return int(total or 0)


def live_rows(adherent: Adherent, on: dt.date) -> list[CountRow]:
    """Counts per attached school and profile at the end of `on`: 3 queries."""
    schools = {s.pk: s for s in attached_schools(adherent, on)}
    end = day_end(on)
    counted = (
        ProfileAssignment.objects.filter(
            school_id__in=list(schools),
            profile__in=[p.value for p in SCHOOL_PROFILES],
            created_at__lt=end,
        )
        .values("school_id", "profile")
        .annotate(
            loaded=Count("user", distinct=True),
            activated=Count("user", filter=Q(user__activated_at__lt=end), distinct=True),
            active=Count(
                "user",
                filter=Q(user__last_login__gte=period_start(on), user__last_login__lt=end),
                distinct=True,
            ),
        )
    )
    cells: dict[tuple[str, str], CountRow] = {}
    names = {s.uai: s.name for s in schools.values()}
    for item in counted:
        school = schools[item["school_id"]]
        cells[(school.uai, item["profile"])] = CountRow(
            school.uai,
            school.name,
            item["profile"],
            Counts(0, item["loaded"], item["activated"], item["active"]),
        )
    for need in NeedLine.objects.filter(adherent=adherent):
        key = (need.uai, need.profile or "eleve")
        row = cells.setdefault(key, CountRow(need.uai, names.get(need.uai, ""), key[1], Counts()))
        row.counts.need += need.accounts
    return sorted(cells.values(), key=lambda r: (r.uai, r.profile))


def commitment(adherent: Adherent, on: dt.date) -> Commitment:
    rows = live_rows(adherent, on)
    result = Commitment(ordered=ordered_accounts(adherent, on), rows=rows)
    for row in rows:
        result.total.add(row.counts)
    return result


def with_totals(adherents: QuerySet[Adherent], on: dt.date) -> QuerySet[Adherent]:
    """Annotate need and ordered (first period) totals without joining rows together."""
    need = (
        NeedLine.objects.filter(adherent=OuterRef("pk"))
        .values("adherent")
        .annotate(total=Sum("accounts"))
        .values("total")
    )
    ordered = (
        PurchaseOrder.objects.filter(adherent=OuterRef("pk"), period="first", ordered_on__lte=on)
        .values("adherent")
        .annotate(total=Sum("accounts"))
        .values("total")
    )
    return adherents.select_related("adhesion").annotate(
        need_total=Coalesce(Subquery(need, output_field=IntegerField()), 0),
        ordered_total=Coalesce(Subquery(ordered, output_field=IntegerField()), 0),
        need_lines=Count("needs", distinct=True),
    )


def activated_by_adherent(adherent_ids: list[int], on: dt.date) -> dict[int, dict[str, int]]:
    """Loaded and activated accounts per adherent, in one query."""
    end = day_end(on)
    link = "school__groupement_attachments"
    rows = (
        ProfileAssignment.objects.filter(
            Q(**{f"{link}__valid_until__isnull": True}) | Q(**{f"{link}__valid_until__gte": on}),
            **{f"{link}__adherent_id__in": adherent_ids, f"{link}__valid_from__lte": on},
            profile__in=[p.value for p in SCHOOL_PROFILES],
            created_at__lt=end,
        )
        .values(f"{link}__adherent_id")
        .annotate(
            loaded=Count("user", distinct=True),
            activated=Count("user", filter=Q(user__activated_at__lt=end), distinct=True),
        )
    )
    result: dict[int, dict[str, int]] = defaultdict(lambda: {"loaded": 0, "activated": 0})
    for row in rows:
        result[row[f"{link}__adherent_id"]] = {
            "loaded": row["loaded"],
            "activated": row["activated"],
        }
    return result


def snapshots_of(adherent: Adherent) -> QuerySet[Snapshot]:
    return Snapshot.objects.filter(adherent=adherent).order_by("-reference_date")


def history_of(adherent: Adherent) -> QuerySet[AuditEvent]:
    """Every audited change to the adherent: the services always target the adherent itself."""
    return (
        AuditEvent.objects.filter(target_type="groupement.adherent", target_id=str(adherent.pk))
        .select_related("actor")
        .order_by("-pk")
    )


@dataclass
class AdherentPage:
    adherent: Adherent
    commitment: Commitment
    status: str
    status_label: str
    missing: list[str]
    late: bool
    window_state: str
    orders: list[PurchaseOrder]
    snapshots: list[Snapshot]
    invoices: list[object]
    attachments: list[object]
    contacts: list[object]


def window_state(adherent: Adherent, on: dt.date) -> str:
    cal = adherent.groupement.calendar
    if adherent.commitment != Adherent.Commitment.FIRST_PERIOD:
        return adherent.get_commitment_display()
    if on < cal.window_opens:
        return f"La fenêtre de retrait ouvrira le {cal.window_opens:%d/%m/%Y}."
    if cal.in_window(on):
        return f"La fenêtre de retrait est ouverte jusqu'au {cal.window_last_day:%d/%m/%Y} inclus."
    return "La fenêtre de retrait est close : reconduction tacite."


def adherent_page(adherent: Adherent, on: dt.date) -> AdherentPage:
    """Everything the adherent's page shows: 9 queries whatever the number of schools."""
    file = adherent.adhesion
    result = commitment(adherent, on)
    status = file.status(result.need > 0)
    return AdherentPage(
        adherent=adherent,
        commitment=result,
        status=status,
        status_label=file.get_status_display_for(result.need > 0),
        missing=file.missing_documents(),
        late=adherent.groupement.is_late(file.letter_received_on),
        window_state=window_state(adherent, on),
        orders=list(adherent.orders.all()),
        snapshots=list(snapshots_of(adherent)),
        invoices=list(adherent.invoices.all()),
        attachments=list(adherent.attachments.select_related("school")),
        contacts=list(adherent.contacts.all()),
    )
