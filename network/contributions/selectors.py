"""Reads of the contributions, always for a quartier the caller has already scoped.

Who reads what: managers every entry, a partner user their own partner's entries, everyone
else who reads the quartier the confirmed totals only (see `audience_of`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from planning.measures.models import Measure
from quartier.access import Action, can
from quartier.models import Quartier, User

from ..partners.accounts import partner_of
from ..partners.models import MeasurePartner, MembershipStatus, Partner
from ..partners.selectors import network_partners
from .models import Contribution, ContributionKind, ContributionStatus, Unit

ZERO = Decimal(0)

# How an amount in each unit is written after the number.
UNIT_SUFFIX = {
    Unit.HOURS: pgettext_lazy("unit", "hrs"),
    Unit.EURO: "€",
    Unit.COUNT: pgettext_lazy("unit", "pcs"),
    Unit.NONE: "",
}


class Audience(StrEnum):
    MANAGER = "manager"  # every entry; confirms and returns
    PARTNER = "partner"  # the entries of the partner the user acts for
    NETWORK = "network"  # confirmed totals only


def audience_of(user: User, quartier: Quartier) -> tuple[Audience, Partner | None]:
    """What the user may read of the quartier's contributions, and the partner they act for."""
    if can(user, Action.EDIT_NETWORK, quartier):
        return Audience.MANAGER, None
    partner = partner_of(user)
    if partner is not None and can(user, Action.LOG_CONTRIBUTIONS, quartier):
        return Audience.PARTNER, partner
    return Audience.NETWORK, None


def kinds() -> list[ContributionKind]:
    return list(ContributionKind.objects.all())


def logging_partners(*, quartier: Quartier) -> QuerySet[Partner]:
    """The partners a manager may log contributions for: active in the quartier's network."""
    return network_partners(quartier=quartier, statuses=[MembershipStatus.ACTIVE])


def member_partners(*, quartier: Quartier) -> QuerySet[Partner]:
    """Every partner with a place in the quartier's network, whatever its status (filters, chooser)."""
    return network_partners(quartier=quartier, statuses=MembershipStatus.values)


def measures_for(*, quartier: Quartier, partner: Partner | None = None) -> QuerySet[Measure]:
    """Measures an entry may count towards: the quartier's, and for a partner only those it takes part in."""
    measures = Measure.objects.filter(quartier=quartier)
    if partner is not None:
        measures = measures.filter(pk__in=MeasurePartner.objects.filter(partner=partner).values("measure_id"))
    return measures.order_by("title")


def contributions_of(*, quartier: Quartier, partner: Partner | None = None) -> QuerySet[Contribution]:
    """The quartier's entries (one partner's if given), with what a list row shows."""
    entries = Contribution.objects.filter(quartier=quartier).select_related("kind", "partner", "measure")
    if partner is not None:
        entries = entries.filter(partner=partner)
    return entries


def contribution_or_none(
    *, quartier: Quartier, contribution_id: int, partner: Partner | None = None
) -> Contribution | None:
    """The entry if it is in the quartier (and, for a partner user, their partner's)."""
    return (
        contributions_of(quartier=quartier, partner=partner)
        .select_related("submitted_by", "decided_by")
        .filter(pk=contribution_id)
        .first()
    )


def waiting(*, quartier: Quartier) -> QuerySet[Contribution]:
    """Entries waiting for the manager, oldest first."""
    return contributions_of(quartier=quartier).filter(status=ContributionStatus.SUBMITTED).order_by("date", "pk")


@dataclass(frozen=True)
class Change:
    """One line of an entry's history: who changed what, when."""

    at: Any
    by: User | None
    created: bool
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field label, old, new)
    reason: str = ""


HISTORY_FIELDS = ("partner", "kind", "amount", "date", "measure", "description", "status", "return_reason")


def history(*, contribution: Contribution) -> list[Change]:
    """Every recorded version of the entry as a change against the one before, newest first.

    Two queries: the versions with their users, and the names of the kinds, partners and
    measures they point at."""
    versions = list(contribution.history.select_related("history_user").order_by("history_date", "history_id"))
    names = _names_for(versions)
    labels = {name: Contribution._meta.get_field(name).verbose_name for name in HISTORY_FIELDS}
    result: list[Change] = []
    previous = None
    for version in versions:
        changes = []
        if previous is not None:
            for name in HISTORY_FIELDS:
                old, new = _shown(previous, name, names), _shown(version, name, names)
                if old != new:
                    changes.append((str(labels[name]), old, new))
        if previous is None or changes:
            result.append(
                Change(
                    at=version.history_date,
                    by=version.history_user,
                    created=previous is None,
                    changes=changes,
                    reason=version.history_change_reason or "",
                )
            )
        previous = version
    return result[::-1]


def _names_for(versions: list[Any]) -> dict[tuple[str, int], str]:
    kind_ids = {v.kind_id for v in versions}
    partner_ids = {v.partner_id for v in versions}
    measure_ids = {v.measure_id for v in versions if v.measure_id}
    names: dict[tuple[str, int], str] = {}
    names.update(
        {("kind", pk): t for pk, t in ContributionKind.objects.filter(pk__in=kind_ids).values_list("pk", "title")}
    )
    names.update({("partner", pk): n for pk, n in Partner.objects.filter(pk__in=partner_ids).values_list("pk", "name")})
    names.update(
        {("measure", pk): t for pk, t in Measure.objects.filter(pk__in=measure_ids).values_list("pk", "title")}
    )
    return names


def _shown(version: Any, name: str, names: dict[tuple[str, int], str]) -> str:
    if name in ("partner", "kind", "measure"):
        pk = getattr(version, f"{name}_id")
        return names.get((name, pk), "–") if pk else "–"
    value = getattr(version, name)
    if name == "status":
        return str(ContributionStatus(value).label) if value in ContributionStatus.values else value
    if name == "date":
        return date_format(value, "SHORT_DATE_FORMAT") if value else "–"
    if name == "amount":
        return number_format(value, 2) if value is not None else "–"
    return str(value or "–")


# Summaries: confirmed entries only, in a fixed number of queries whatever the data.


@dataclass
class Total:
    """Confirmed contributions of one group (a partner, a kind, a measure, a year)."""

    key: Any
    label: str
    hours: Decimal = ZERO
    euros: Decimal = ZERO
    entries: int = 0
    unit: str = ""  # only for a kind: its unit
    amount: Decimal = ZERO  # only for a kind: the total in its unit

    @property
    def unit_suffix(self) -> str:
        return UNIT_SUFFIX.get(self.unit, "")


@dataclass
class Summary:
    hours: Decimal
    euros: Decimal
    entries: int
    by_partner: list[Total]
    by_kind: list[Total]
    by_measure: list[Total]
    by_year: list[Total]

    @property
    def groups(self) -> list[dict[str, Any]]:
        """The tables by partner, measure and year, as the summary page lists them."""
        return [
            {"key": "partner", "title": _("Per partner"), "column": _("Partner"), "rows": self.by_partner},
            {"key": "measure", "title": _("Per measure"), "column": _("Measure"), "rows": self.by_measure},
            {"key": "year", "title": _("Per year"), "column": _("Year"), "rows": self.by_year},
        ]


def _sums() -> dict[str, Any]:
    return {
        "hours": Sum("amount", filter=Q(kind__unit=Unit.HOURS)),
        "euros": Sum("amount", filter=Q(kind__unit=Unit.EURO)),
        "entries": Count("pk"),
    }


def _total(key: Any, label: str, row: dict[str, Any], **extra: Any) -> Total:
    return Total(
        key=key, label=label, hours=row["hours"] or ZERO, euros=row["euros"] or ZERO, entries=row["entries"], **extra
    )


def confirmed(*, quartier: Quartier, partner: Partner | None = None) -> QuerySet[Contribution]:
    entries = Contribution.objects.filter(quartier=quartier, status=ContributionStatus.CONFIRMED)
    if partner is not None:
        entries = entries.filter(partner=partner)
    return entries


def summary_for(*, user: User, quartier: Quartier) -> Summary:
    """The summary as the user may read it: a partner sees by name only the measures it takes part
    in; the others are added up in one row."""
    audience, partner = audience_of(user, quartier)
    if audience == Audience.PARTNER and partner is not None:
        own = set(
            MeasurePartner.objects.filter(partner=partner, measure__quartier=quartier).values_list(
                "measure_id", flat=True
            )
        )
        return summary(quartier=quartier, measures_shown=own)
    return summary(quartier=quartier)


def _fold_measures(rows: list[Total], shown: set[int]) -> list[Total]:
    """Rows of the measures not shown summed into one „other measures“ row before the unassigned one."""
    kept = [t for t in rows if t.key is None or t.key in shown]
    hidden = [t for t in rows if t.key is not None and t.key not in shown]
    if hidden:
        other = Total(
            key="other",
            label=_("Other measures"),
            hours=sum((t.hours for t in hidden), ZERO),
            euros=sum((t.euros for t in hidden), ZERO),
            entries=sum(t.entries for t in hidden),
        )
        kept.insert(len([t for t in kept if t.key is not None]), other)
    return kept


def summary(*, quartier: Quartier, partner: Partner | None = None, measures_shown: set[int] | None = None) -> Summary:
    """Confirmed totals of the quartier per partner, kind, measure and year; five queries.
    With `measures_shown`, other measures are added up in one row (see `summary_for`)."""
    base = confirmed(quartier=quartier, partner=partner)
    overall = base.aggregate(**_sums())
    by_partner = [
        _total(r["partner_id"], r["partner__name"], r)
        for r in base.values("partner_id", "partner__name").annotate(**_sums()).order_by("partner__name")
    ]
    by_kind = [
        _total(r["kind__key"], r["kind__title"], r, unit=r["kind__unit"], amount=r["amount_total"] or ZERO)
        for r in base.values("kind__key", "kind__title", "kind__unit", "kind__position")
        .annotate(amount_total=Sum("amount"), **_sums())
        .order_by("kind__position", "kind__key")
    ]
    by_measure = [
        _total(r["measure_id"], r["measure__title"] or "", r)
        for r in base.values("measure_id", "measure__title").annotate(**_sums()).order_by("measure__title")
    ]
    # Entries without a measure come last, under their own label.
    by_measure.sort(key=lambda t: (t.key is None, t.label))
    if measures_shown is not None:
        by_measure = _fold_measures(by_measure, measures_shown)
    by_year = [
        _total(r["year"], str(r["year"]), r)
        for r in base.annotate(year=ExtractYear("date")).values("year").annotate(**_sums()).order_by("-year")
    ]
    return Summary(
        hours=overall["hours"] or ZERO,
        euros=overall["euros"] or ZERO,
        entries=overall["entries"],
        by_partner=by_partner,
        by_kind=by_kind,
        by_measure=by_measure,
        by_year=by_year,
    )


@dataclass
class PartnerTotals:
    """What the partner page shows of a partner's contributions."""

    hours: Decimal
    euros: Decimal
    entries: int
    by_kind: list[Total]
    submitted: int  # waiting for confirmation


def partner_totals(*, partner: Partner, quartier: Quartier | None = None) -> PartnerTotals:
    """A partner's confirmed totals (in one quartier, or in all), per kind; three queries."""
    base = Contribution.objects.filter(partner=partner)
    if quartier is not None:
        base = base.filter(quartier=quartier)
    confirmed_entries = base.filter(status=ContributionStatus.CONFIRMED)
    overall = confirmed_entries.aggregate(**_sums())
    by_kind = [
        _total(r["kind__key"], r["kind__title"], r, unit=r["kind__unit"], amount=r["amount_total"] or ZERO)
        for r in confirmed_entries.values("kind__key", "kind__title", "kind__unit", "kind__position")
        .annotate(amount_total=Sum("amount"), **_sums())
        .order_by("kind__position", "kind__key")
    ]
    return PartnerTotals(
        hours=overall["hours"] or ZERO,
        euros=overall["euros"] or ZERO,
        entries=overall["entries"],
        by_kind=by_kind,
        submitted=base.filter(status=ContributionStatus.SUBMITTED).count(),
    )
