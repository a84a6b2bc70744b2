"""The demo's network: partners of every type, the demo partner's account, agreements, contributions, meetings."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from network.models import (
    ActionItem,
    Contact,
    Contribution,
    ContributionStatus,
    MeasurePartner,
    MeasureRole,
    Meeting,
    MeetingKind,
    MembershipStatus,
    NetworkMembership,
    NetworkRole,
    Partner,
    PartnerAccount,
    PartnerType,
    Unit,
)
from network.partners.accounts import partner_of
from network.selectors import network_figures
from quartier.models import Membership, Quartier, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, verbosity=0)


def _demo_partners():
    return Partner.objects.filter(
        organisation__slug="stadt-musterstadt", memberships__quartier__slug__in=["altstadt", "nordviertel"]
    ).distinct()


def test_partners_of_every_type_around_altstadt_and_nordviertel(demo):
    partners = _demo_partners()

    assert 12 <= partners.count() <= 20
    assert set(partners.values_list("type__key", flat=True)) == set(PartnerType.objects.values_list("key", flat=True))
    assert PartnerType.objects.count() == 12
    for partner in partners.prefetch_related("contacts"):
        assert partner.domains, partner
        assert partner.address.endswith("Musterstadt"), partner
        assert not partner.website or partner.website.rstrip("/").split("/")[2].endswith(".example"), partner
        assert partner.contacts.all(), partner
        for contact in partner.contacts.all():
            assert contact.consent_purpose and contact.consent_date <= timezone.localdate(), contact
            assert not contact.email or contact.email.endswith(".example"), contact


def test_the_named_partners_and_the_contact(demo):
    wohnungsbau = Partner.objects.get(name="Wohnungsbau Musterstadt eG")
    assert wohnungsbau.type.key == "wohnungsanbieter"
    sonnenschein = Partner.objects.get(name="Pflegedienst Sonnenschein")
    assert sonnenschein.type.key == "pflege"
    petra = Contact.objects.get(name="Petra Sonnenschein")
    assert petra.partner == sonnenschein
    assert petra.email == "p.sonnenschein@pflegedienst-sonnenschein.example"
    assert petra.phone == "0123 456789"
    assert not petra.is_erased


def test_the_demo_partner_user_acts_for_wohnungsbau_musterstadt(demo):
    user = User.objects.get(email="partner@demo.example")
    wohnungsbau = Partner.objects.get(name="Wohnungsbau Musterstadt eG")

    assert partner_of(user) == wohnungsbau
    assert (
        NetworkMembership.objects.get(partner=wohnungsbau, quartier__slug="altstadt").status == MembershipStatus.ACTIVE
    )
    roles = dict(Membership.objects.filter(user=user).values_list("quartier__slug", "role"))
    assert roles == {"altstadt": Role.PARTNER}
    # The lead partner of the Nachbarschaftscafé; one lead per measure at most.
    lead = MeasurePartner.objects.get(
        measure__quartier__slug="altstadt", measure__title="Nachbarschaftscafé", role=MeasureRole.LEAD
    )
    assert lead.partner == wohnungsbau
    assert MeasurePartner.objects.filter(measure=lead.measure, role=MeasureRole.SUPPORT).count() >= 2
    # Linked when its role in Altstadt began, not when the seed ran.
    account = PartnerAccount.objects.get(user=user)
    assert account.created_at == Membership.objects.get(user=user, quartier__slug="altstadt").created_at


def test_memberships_have_every_status_and_role_and_one_agreement_ends_soon(demo):
    today = timezone.localdate()
    memberships = NetworkMembership.objects.filter(quartier__slug__in=["altstadt", "nordviertel"])

    assert set(memberships.values_list("status", flat=True)) == set(MembershipStatus.values)
    assert set(memberships.values_list("role", flat=True)) == set(NetworkRole.values)
    assert {"altstadt", "nordviertel"} <= set(memberships.values_list("quartier__slug", flat=True))
    expiring = list(memberships.agreements_expiring(today))
    assert [m.partner.name for m in expiring] == ["Pflegedienst Sonnenschein"]
    assert today < expiring[0].agreement_until <= today + timedelta(days=60)
    later = memberships.filter(agreement_until__gt=today + timedelta(days=60))
    assert later.count() >= 5
    for m in memberships.filter(agreement_signed_on__isnull=False):
        assert m.agreement_signed_on <= today < m.agreement_until
    for m in memberships:
        assert (m.since is not None) == (m.status != MembershipStatus.REQUESTED), m


def test_contributions_of_the_demo_partner(demo):
    user = User.objects.get(email="partner@demo.example")
    manager = User.objects.get(email="manager-altstadt@demo.example")
    theirs = Contribution.objects.filter(submitted_by=user)

    assert set(theirs.values_list("partner__name", "quartier__slug")) == {("Wohnungsbau Musterstadt eG", "altstadt")}
    confirmed = theirs.filter(status=ContributionStatus.CONFIRMED)
    assert confirmed.count() >= 3
    assert set(confirmed.values_list("decided_by", flat=True)) == {manager.pk}
    returned = theirs.get(status=ContributionStatus.RETURNED)
    assert returned.return_reason and returned.decided_by == manager
    assert 1 <= theirs.filter(status=ContributionStatus.SUBMITTED, decided_by__isnull=True).count() <= 2
    assert theirs.filter(kind__key="raeume", amount=6, description__contains="Gemeinschaftsraum").exists()
    assert theirs.filter(kind__key="zeit", amount=4, measure__title="Nachbarschaftscafé").exists()
    assert theirs.filter(kind__key="geld").exists()
    # Other partners' contributions, confirmed by the manager.
    others = Contribution.objects.exclude(submitted_by=user).filter(quartier__slug="altstadt")
    assert others.values("partner").distinct().count() >= 5
    assert not others.exclude(status=ContributionStatus.CONFIRMED).exists()
    # Amounts in the kind's unit: none for kinds that are described only.
    for c in Contribution.objects.select_related("kind"):
        assert (c.amount is None) == (c.kind.unit == Unit.NONE), c
        assert c.date <= timezone.localdate()
        if c.decided_at:
            assert c.created_at < c.decided_at < timezone.now()


def test_meetings_across_the_history_with_minutes_and_action_items(demo):
    now, today = timezone.now(), timezone.localdate()
    altstadt = Quartier.objects.get(slug="altstadt")
    meetings = Meeting.objects.filter(quartier=altstadt)

    assert set(meetings.values_list("kind", flat=True)) == set(MeetingKind.values)
    past = meetings.filter(starts_at__lt=now)
    assert past.count() >= 8
    assert min(m.starts_at for m in past) < now - timedelta(days=365)
    for meeting in past:
        assert meeting.is_minuted and meeting.decisions and meeting.agenda, meeting
        assert meeting.present.exists() and set(meeting.present.all()) <= set(meeting.invited.all()), meeting
    assert past.filter(citizens_count__gt=20, kind=MeetingKind.CONFERENCE).exists()
    upcoming = meetings.get(starts_at__gt=now)
    assert not upcoming.is_minuted and upcoming.agenda and upcoming.invited.exists() and not upcoming.present.exists()
    items = ActionItem.objects.filter(meeting__quartier=altstadt)
    assert items.filter(done=True).count() >= 5
    assert items.filter(done=False, due_date__gte=today).count() >= 2
    assert items.filter(done=False, due_date__lt=today).count() == 1
    assert items.filter(responsible_partner__name="Wohnungsbau Musterstadt eG", done=False).exists()
    assert items.filter(responsible_partner__name="Wohnungsbau Musterstadt eG", done=True).exists()
    assert items.filter(measure__title="Nachbarschaftscafé", done=True).exists()
    figures = network_figures(quartier=altstadt, today=today)
    assert figures.overdue_action_items == 1 and figures.open_action_items >= 3
    assert figures.totals.confirmed_hours > 0 and figures.totals.confirmed_euros > 0
    assert figures.submitted_contributions == 2


def test_nordviertel_network_stopped_with_the_quartier(demo):
    stuck = timezone.now() - timedelta(days=90)
    nord = Quartier.objects.get(slug="nordviertel")

    assert Meeting.objects.filter(quartier=nord).count() >= 3
    assert Meeting.objects.filter(quartier=nord, starts_at__gt=stuck).count() == 0
    assert not Contribution.objects.filter(quartier=nord, created_at__gt=stuck).exists()
    assert NetworkMembership.objects.filter(quartier=nord, status=MembershipStatus.ACTIVE).count() >= 4


def test_the_network_history_holds_together(demo):
    now = timezone.now()
    for model in (Partner, Contact, NetworkMembership, Contribution, Meeting):
        for obj in model.objects.all():
            rows = list(model.history.filter(id=obj.pk).order_by("history_date"))
            assert rows and rows[0].history_type == "+", obj
            assert rows[0].history_date == obj.created_at < now, obj
            assert all(r.history_date < now for r in rows), obj
            assert all(r.history_user_id for r in rows), obj
    for c in Contribution.objects.exclude(status=ContributionStatus.SUBMITTED):
        states = list(Contribution.history.filter(id=c.pk).order_by("history_date").values_list("status", flat=True))
        assert states == [ContributionStatus.SUBMITTED, c.status], c
    for meeting in Meeting.objects.filter(starts_at__lt=now):
        latest = Meeting.history.filter(id=meeting.pk).latest("history_date")
        assert latest.minutes == meeting.minutes
        assert {p.partner_id for p in latest.present.all()} == set(meeting.present.values_list("pk", flat=True))
    # Partners invited to a meeting were in the directory when the invitation went out.
    for meeting in Meeting.objects.prefetch_related("invited"):
        assert all(p.created_at <= meeting.created_at for p in meeting.invited.all()), meeting


def test_a_second_run_adds_nothing_to_the_network(demo):
    def state():
        return [
            list(m.objects.order_by("pk").values_list("pk", flat=True))
            for m in (
                Partner,
                Contact,
                PartnerAccount,
                NetworkMembership,
                MeasurePartner,
                Contribution,
                Meeting,
                ActionItem,
            )
        ] + [m.history.count() for m in (Partner, NetworkMembership, Contribution, Meeting, ActionItem, PartnerAccount)]

    before = state()
    call_command("seed_demo", force=True, verbosity=0)
    assert state() == before


def test_generated_quartiers_get_a_few_partners_and_contributions():
    call_command("seed_demo", force=True, verbosity=0, quartiers=3)

    for quartier in Quartier.objects.filter(slug__startswith="gen-"):
        assert NetworkMembership.objects.filter(quartier=quartier).count() == 3
        assert Contribution.objects.filter(quartier=quartier, status=ContributionStatus.CONFIRMED).exists()


def test_the_bench_generator_builds_the_network_it_promises(demo):
    from bench.generate import add_quartiers
    from bench.generate_network import add_graph, add_network
    from bench.measures import grow_measures

    add_quartiers(5)
    busy = "Wohnungsbau Musterstadt eG"
    add_network(
        partners=120,
        contributions=2000,
        focus_partners=30,
        focus_contributions=500,
        busy_partner=busy,
        busy_quartiers=4,
    )

    assert Partner.objects.filter(organisation__slug="stadt-musterstadt").count() == 120
    assert Contribution.objects.count() == 2000
    altstadt = Quartier.objects.get(slug="altstadt")
    assert NetworkMembership.objects.filter(quartier=altstadt, status=MembershipStatus.ACTIVE).count() == 30
    assert Contribution.objects.filter(quartier=altstadt).count() == 500
    # The busy partner: in four more quartiers, with a good share of Altstadt's contributions.
    assert NetworkMembership.objects.filter(partner__name=busy).count() == 2 + 4
    assert Contribution.objects.filter(quartier=altstadt, partner__name=busy).count() > 60
    for c in Contribution.objects.select_related("kind")[:200]:
        assert (c.amount is None) == (c.kind.unit == Unit.NONE)
    grow_measures(40)
    add_graph(measures=40, meetings=5)
    assert altstadt.measures.count() == 40
    assert not altstadt.measures.exclude(partner_links__isnull=False).exists()
    assert Meeting.objects.filter(quartier=altstadt).count() == 15
    # Run again: the sizes are totals, not additions.
    add_network(partners=120, contributions=2000)
    assert Contribution.objects.count() == 2000


def test_the_care_service_contact_is_stored_only_as_a_contact(demo):
    """Petra Sonnenschein's details live in her contact record only: nothing a partner user may read
    (meetings, action items, contributions, partner descriptions) repeats them."""
    email, phone = "p.sonnenschein@pflegedienst-sonnenschein.example", "0123 456789"
    texts = [
        *Meeting.objects.values_list("title", "place", "agenda", "minutes", "decisions"),
        *ActionItem.objects.values_list("task"),
        *Contribution.objects.values_list("description", "return_reason"),
        *Partner.objects.values_list("name", "address", "website", "description"),
    ]
    assert not [t for row in texts for t in row if email in t or phone in t or "Petra" in t]
    assert Contact.objects.filter(email=email).count() == 1
