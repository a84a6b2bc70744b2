"""A large local network fast, with bulk inserts and without history rows, for bench/network.py.

`add_network` brings an organisation to N partners with memberships in its quartiers and M
contributions (most confirmed, some waiting, a few returned); one quartier (Altstadt) gets a
network of its own size. `add_graph` gives that quartier enough measures with lead and
supporting partners, and meetings with the partners present, to draw a dense network graph.
Deterministic for a given seed; runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from network.catalogues import ensure_catalogues
from network.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    MeasurePartner,
    MeasureRole,
    Meeting,
    MeetingKind,
    MembershipStatus,
    NetworkMembership,
    NetworkRole,
    Partner,
    PartnerType,
    Unit,
)
from planning.measures.models import Measure
from quartier.models import Organisation, Quartier

BATCH = 5000
LABELS = ["Nachbarschaftsverein", "Pflegedienst", "Wohnungsgenossenschaft", "Apotheke", "Kirchengemeinde", "Bäckerei"]
STATUSES = [MembershipStatus.ACTIVE] * 6 + [MembershipStatus.REQUESTED, MembershipStatus.DORMANT, MembershipStatus.LEFT]
DECISIONS = [ContributionStatus.CONFIRMED] * 16 + [ContributionStatus.SUBMITTED] * 3 + [ContributionStatus.RETURNED]


def _amount(kind: ContributionKind, rng: random.Random) -> Decimal | None:
    if kind.unit == Unit.NONE:
        return None
    if kind.unit == Unit.EURO:
        return Decimal(rng.randint(20, 5000))
    return Decimal(rng.randint(1, 40)) / 2


def add_network(
    *,
    partners: int = 3000,
    contributions: int = 100_000,
    organisation_slug: str = "stadt-musterstadt",
    focus: str = "altstadt",
    focus_partners: int = 60,
    focus_contributions: int = 5000,
    busy_partner: str | None = None,
    busy_quartiers: int = 20,
    seed: int = 7,
) -> None:
    """Bring the organisation to `partners` partners and the database to `contributions` contributions.

    Each new partner is a member of one or two of the organisation's quartiers; the quartier
    `focus` gets `focus_partners` active partners and `focus_contributions` of the contributions.
    The partner named `busy_partner` (one of the focus quartier's) joins `busy_quartiers` more
    quartiers and makes a fifth of the focus quartier's contributions: a partner page with much on it.
    """
    ensure_catalogues()
    rng = random.Random(seed)
    today, now = timezone.localdate(), timezone.now()
    org = Organisation.objects.get(slug=organisation_slug)
    quartiers = list(Quartier.objects.filter(organisation=org).exclude(slug=focus).values_list("pk", flat=True))
    focus_q = Quartier.objects.get(slug=focus)
    types = list(PartnerType.objects.all())
    kinds = list(ContributionKind.objects.all())
    have = Partner.objects.filter(organisation=org).count()
    with transaction.atomic():
        new = Partner.objects.bulk_create(
            [
                Partner(
                    organisation=org,
                    name=f"{rng.choice(LABELS)} {n:05d}",
                    type=rng.choice(types),
                    serves_wohnen=rng.random() < 0.4,
                    serves_soziales=rng.random() < 0.6,
                    serves_pflege=rng.random() < 0.4,
                    address=f"Hauptstraße {n % 200 + 1}, 12345 Musterstadt",
                    website=f"https://partner-{n:05d}.example",
                )
                for n in range(have, max(have, partners))
            ],
            batch_size=BATCH,
        )
        in_focus = set(
            NetworkMembership.objects.filter(quartier=focus_q, status=MembershipStatus.ACTIVE).values_list(
                "partner_id", flat=True
            )
        )
        memberships: list[NetworkMembership] = []
        for partner in new:
            if len(in_focus) < focus_partners:
                in_focus.add(partner.pk)
                places = [(focus_q.pk, MembershipStatus.ACTIVE)]
            else:
                places = [(q, rng.choice(STATUSES)) for q in rng.sample(quartiers, rng.choice([1, 1, 2]))]
            for quartier_id, status in places:
                memberships.append(
                    NetworkMembership(
                        partner=partner,
                        quartier_id=quartier_id,
                        status=status,
                        role=rng.choice(NetworkRole.values),
                        since=today - timedelta(days=rng.randint(10, 700)),
                        agreement_signed_on=(signed := today - timedelta(days=rng.randint(30, 700))),
                        agreement_until=signed + timedelta(days=rng.randint(400, 1200)),
                    )
                )
        busy = Partner.objects.filter(organisation=org, name=busy_partner).first() if busy_partner else None
        if busy is not None:
            member_of = set(NetworkMembership.objects.filter(partner=busy).values_list("quartier_id", flat=True))
            free = [q for q in quartiers if q not in member_of]
            memberships += [
                NetworkMembership(
                    partner=busy, quartier_id=q, status=MembershipStatus.ACTIVE, role=NetworkRole.SUPPORTER
                )
                for q in rng.sample(free, min(len(free), busy_quartiers))
            ]
        NetworkMembership.objects.bulk_create(memberships, batch_size=BATCH)
        # Who contributes where: the active members of each quartier, the focus quartier apart.
        pairs = list(
            NetworkMembership.objects.filter(quartier__organisation=org)
            .exclude(quartier=focus_q)
            .values_list("partner_id", "quartier_id")
        )
        focus_pairs = [(p, focus_q.pk) for p in sorted(in_focus)]
    missing = max(0, contributions - Contribution.objects.count())
    in_focus_count = Contribution.objects.filter(quartier=focus_q).count()
    focus_missing = min(missing, max(0, focus_contributions - in_focus_count))
    plan = [focus_pairs] * focus_missing + [pairs] * (missing - focus_missing)
    for start in range(0, len(plan), BATCH):
        rows = []
        for choices in plan[start : start + BATCH]:
            partner_id, quartier_id = rng.choice(choices)
            if busy is not None and choices is focus_pairs and rng.random() < 0.2:
                partner_id = busy.pk
            kind = rng.choice(kinds)
            status = rng.choice(DECISIONS)
            rows.append(
                Contribution(
                    quartier_id=quartier_id,
                    partner_id=partner_id,
                    kind=kind,
                    amount=_amount(kind, rng),
                    date=today - timedelta(days=rng.randint(0, 700)),
                    description="Erzeugt für den Benchmark.",
                    status=status,
                    return_reason="Bitte genauer angeben." if status == ContributionStatus.RETURNED else "",
                    decided_at=now if status != ContributionStatus.SUBMITTED else None,
                )
            )
        with transaction.atomic():
            Contribution.objects.bulk_create(rows, batch_size=BATCH)


def add_graph(*, quartier_slug: str = "altstadt", measures: int = 200, meetings: int = 24, seed: int = 11) -> None:
    """Link each of the quartier's measures without partners to a lead (most) and one to three
    supporters among its active partners, and add meetings with eight to fifteen of them present.
    The quartier needs its measures first (bench.measures.grow_measures)."""
    rng = random.Random(seed)
    quartier = Quartier.objects.get(slug=quartier_slug)
    active = list(
        NetworkMembership.objects.filter(quartier=quartier, status=MembershipStatus.ACTIVE)
        .order_by("partner_id")
        .values_list("partner_id", flat=True)
    )
    linked = set(MeasurePartner.objects.filter(measure__quartier=quartier).values_list("measure_id", flat=True))
    todo = list(
        Measure.objects.filter(quartier=quartier).exclude(pk__in=linked).order_by("pk").values_list("pk", flat=True)
    )[:measures]
    links = []
    for measure_id in todo:
        chosen = rng.sample(active, min(len(active), rng.randint(2, 4)))
        has_lead = rng.random() < 0.8
        links += [
            MeasurePartner(
                measure_id=measure_id,
                partner_id=p,
                role=MeasureRole.LEAD if has_lead and i == 0 else MeasureRole.SUPPORT,
            )
            for i, p in enumerate(chosen)
        ]
    now = timezone.now()
    have = Meeting.objects.filter(quartier=quartier).count()
    with transaction.atomic():
        MeasurePartner.objects.bulk_create(links, batch_size=BATCH)
        new = Meeting.objects.bulk_create(
            [
                Meeting(
                    quartier=quartier,
                    kind=rng.choice(MeetingKind.values),
                    title=f"Treffen {n}",
                    starts_at=now - timedelta(days=15 * (n - have + 1)),
                    minutes="Protokoll",
                )
                for n in range(have, have + meetings)
            ]
        )
        invited, present = [], []
        for meeting in new:
            came = rng.sample(active, min(len(active), rng.randint(8, 15)))
            invited += [Meeting.invited.through(meeting_id=meeting.pk, partner_id=p) for p in came]
            present += [Meeting.present.through(meeting_id=meeting.pk, partner_id=p) for p in came]
        Meeting.invited.through.objects.bulk_create(invited, batch_size=BATCH)
        Meeting.present.through.objects.bulk_create(present, batch_size=BATCH)
