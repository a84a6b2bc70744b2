"""Reads of the partner directory and the local network, always scoped to one quartier (and so to
its organisation) and to what the user may see. Each function runs a fixed number of queries."""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from planning.domains import Domain
from quartier.models import Membership, Quartier, Role, User

from .models import (
    AGREEMENT_WARNING_DAYS,
    Contact,
    MeasurePartner,
    MembershipStatus,
    NetworkMembership,
    NetworkRole,
    Partner,
    PartnerAccount,
)

# Fewer active partners than this in a domain and the network page says the domain is thin.
MIN_ACTIVE_PARTNERS_PER_DOMAIN = 2


def directory(*, quartier: Quartier) -> QuerySet[Partner]:
    """Every partner of the quartier's organisation with its status and role in this quartier
    (None where it is not part of this quartier's network)."""
    here = NetworkMembership.objects.filter(partner=OuterRef("pk"), quartier=quartier)
    return (
        Partner.objects.filter(organisation_id=quartier.organisation_id)
        .select_related("type")
        .annotate(status_here=Subquery(here.values("status")[:1]), role_here=Subquery(here.values("role")[:1]))
    )


def network_partners(
    *, quartier: Quartier, statuses: Iterable[str] | None = None, keep: Iterable[int] = ()
) -> QuerySet[Partner]:
    """Partners of the quartier's organisation with a place in its network — by default in every
    status but „ausgetreten“ — plus those in `keep` (already chosen somewhere: a partner who left
    stays where it was named). By name."""
    members = NetworkMembership.objects.filter(quartier=quartier)
    members = (
        members.filter(status__in=list(statuses))
        if statuses is not None
        else members.exclude(status=MembershipStatus.LEFT)
    )
    in_network = Q(pk__in=members.values("partner_id"), organisation_id=quartier.organisation_id)
    return Partner.objects.filter(in_network | Q(pk__in=list(keep))).order_by("name", "pk")


def partner_or_none(*, quartier: Quartier, partner_id: int) -> Partner | None:
    """The partner if it belongs to the quartier's organisation, else None (a 404 for the view)."""
    return (
        Partner.objects.select_related("type", "organisation")
        .filter(pk=partner_id, organisation_id=quartier.organisation_id)
        .first()
    )


def contact_or_none(*, quartier: Quartier, contact_id: int) -> Contact | None:
    return (
        Contact.objects.select_related("partner")
        .filter(pk=contact_id, partner__organisation_id=quartier.organisation_id)
        .first()
    )


def membership_here(*, quartier: Quartier, partner: Partner) -> NetworkMembership | None:
    return (
        NetworkMembership.objects.select_related("agreement_document")
        .filter(quartier=quartier, partner=partner)
        .first()
    )


def agreement_expiring(membership: NetworkMembership | None, today: datetime.date) -> bool:
    """True when the agreement ends within the warning period or has ended (and the partner has not left)."""
    if membership is None or membership.agreement_until is None or membership.status == MembershipStatus.LEFT:
        return False
    return membership.agreement_until <= today + datetime.timedelta(days=AGREEMENT_WARNING_DAYS)


def other_memberships(*, quartier: Quartier, partner: Partner, user: User) -> list[NetworkMembership]:
    """The partner's place in the organisation's other quartiers that the user may see."""
    return list(
        NetworkMembership.objects.filter(
            partner=partner, quartier__in=Quartier.objects.visible_to(user).filter(organisation=partner.organisation)
        )
        .exclude(quartier=quartier)
        .select_related("quartier")
        .order_by("quartier__name")
    )


def measures_of(*, partner: Partner, user: User) -> list[MeasurePartner]:
    """The partner's part in measures of quartiers the user may see."""
    return list(
        MeasurePartner.objects.filter(partner=partner, measure__quartier__in=Quartier.objects.visible_to(user))
        .select_related("measure__quartier")
        .order_by("measure__quartier__name", "role", "measure__title")
    )


def accounts_of(*, partner: Partner) -> list[PartnerAccount]:
    return list(PartnerAccount.objects.filter(partner=partner).select_related("user").order_by("user__email"))


def linkable_users(*, quartier: Quartier, partner: Partner) -> QuerySet[User]:
    """Members of the quartier in the partner role who do not act for this partner yet."""
    return (
        User.objects.filter(
            pk__in=Membership.objects.filter(quartier=quartier, role=Role.PARTNER).values("user"), is_active=True
        )
        .exclude(partner_account__partner=partner)
        .order_by("last_name", "first_name", "email")
    )


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    by: User | None
    kind: str  # "partner", "membership", "contact"
    action: str  # "+", "~", "-" as django-simple-history records them
    subject: str
    changes: list[str] = field(default_factory=list)


# Fields the history does not list as changes: they change with every save or are not shown.
_QUIET = {"id", "history_id", "history_date", "history_user", "history_user_id", "history_type"}
_QUIET |= {"history_change_reason", "created_at", "updated_at", "partner", "partner_id", "quartier", "quartier_id"}


def _changes(rows: list[Any], model: type) -> dict[int, list[str]]:
    """Per history row: the verbose names of the fields that differ from the row before it."""
    names = {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}
    result: dict[int, list[str]] = {}
    by_object: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_object[row.id].append(row)
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        for older, newer in itertools.pairwise(versions):
            result[newer.history_id] = [
                label
                for attname, label in names.items()
                if attname not in _QUIET and getattr(older, attname, None) != getattr(newer, attname, None)
            ]
    return result


def partner_history(
    *, quartier: Quartier, partner: Partner, with_contacts: bool, limit: int = 25
) -> list[HistoryEntry]:
    """The partner's „Verlauf“: its own record, its membership in this quartier and (for those who
    may see them) its contacts. Three queries whatever the length of the history."""
    newest = limit * 2  # enough rows for the newest `limit` entries and the versions before them

    def rows_of(history: QuerySet[Any]) -> list[Any]:
        return list(history.select_related("history_user").order_by("-history_date", "-history_id")[:newest])

    partner_rows = rows_of(Partner.history.filter(id=partner.pk))
    membership_rows = rows_of(NetworkMembership.history.filter(partner_id=partner.pk, quartier_id=quartier.pk))
    contact_rows = rows_of(Contact.history.filter(partner_id=partner.pk)) if with_contacts else []
    entries: list[HistoryEntry] = []
    for rows, model, kind in (
        (partner_rows, Partner, "partner"),
        (membership_rows, NetworkMembership, "membership"),
        (contact_rows, Contact, "contact"),
    ):
        changes = _changes(rows, model)
        for row in rows:
            if kind == "membership":
                subject = f"{MembershipStatus(row.status).label} · {NetworkRole(row.role).label}"
            else:
                subject = row.name
            entries.append(
                HistoryEntry(
                    at=row.history_date,
                    by=row.history_user,
                    kind=kind,
                    action=row.history_type,
                    subject=subject,
                    changes=changes.get(row.history_id, []),
                )
            )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


# --- the network page -------------------------------------------------------------------------

STATUS_ORDER = [MembershipStatus.ACTIVE, MembershipStatus.REQUESTED, MembershipStatus.DORMANT, MembershipStatus.LEFT]
ROLE_ORDER = [NetworkRole.CORE, NetworkRole.WORKING_GROUP, NetworkRole.SUPPORTER]


@dataclass(frozen=True)
class RoleGroup:
    role: str
    label: str
    memberships: list[NetworkMembership]


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    roles: list[RoleGroup]
    count: int


@dataclass(frozen=True)
class DomainCoverage:
    domain: str
    label: str
    active_partners: int

    @property
    def too_few(self) -> bool:
        return self.active_partners < MIN_ACTIVE_PARTNERS_PER_DOMAIN


@dataclass(frozen=True)
class NetworkOverview:
    groups: list[StatusGroup]
    expiring: list[NetworkMembership]
    coverage: list[DomainCoverage]
    total: int


def domain_coverage(*, quartier: Quartier) -> list[DomainCoverage]:
    """Per domain: how many ACTIVE partners of the quartier's network serve it. One query."""
    counts = NetworkMembership.objects.filter(quartier=quartier, status=MembershipStatus.ACTIVE).aggregate(
        **{d.value: Count("pk", filter=Q(**{f"partner__serves_{d.value}": True})) for d in Domain}
    )
    return [DomainCoverage(domain=d.value, label=str(d.label), active_partners=counts[d.value] or 0) for d in Domain]


def network_overview(*, quartier: Quartier, today: datetime.date) -> NetworkOverview:
    """The quartier's network by status and role, the agreements that run out, the domain
    coverage. Two queries."""
    memberships = list(
        NetworkMembership.objects.filter(quartier=quartier)
        .select_related("partner__type", "agreement_document")
        .order_by("partner__name")
    )
    for m in memberships:
        m.agreement_expiring = agreement_expiring(m, today)
        m.agreement_expired = m.agreement_until is not None and m.agreement_until < today
    groups = []
    for status in STATUS_ORDER:
        in_status = [m for m in memberships if m.status == status]
        if not in_status:
            continue
        roles = [
            RoleGroup(role=r.value, label=str(r.label), memberships=[m for m in in_status if m.role == r])
            for r in ROLE_ORDER
        ]
        groups.append(
            StatusGroup(
                status=status.value,
                label=str(status.label),
                roles=[r for r in roles if r.memberships],
                count=len(in_status),
            )
        )
    expiring = sorted((m for m in memberships if m.agreement_expiring), key=lambda m: m.agreement_until)
    return NetworkOverview(
        groups=groups, expiring=expiring, coverage=domain_coverage(quartier=quartier), total=len(memberships)
    )
