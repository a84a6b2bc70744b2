"""The demo's partner account with its partner, made by the browser tests themselves so that they
do not hang on how the demo data describes the network."""

from __future__ import annotations

from network.catalogues import ensure_catalogues
from network.models import MeasurePartner, MembershipStatus, NetworkMembership, Partner, PartnerType
from network.partners.accounts import partner_account_set, partner_memberships_sync
from planning.measures.models import Measure
from quartier.models import Quartier, User

PARTNER = "partner@demo.example"
PARTNER_NAME = "Wohnungsbau Musterstadt eG"


def link_demo_partner() -> Partner:
    """partner@demo.example acts for „Wohnungsbau Musterstadt eG“, active in Altstadt and lead
    partner of its „Nachbarschaftscafé“ (if the demo has that measure)."""
    ensure_catalogues()
    altstadt = Quartier.objects.get(slug="altstadt")
    partner, _created = Partner.objects.get_or_create(
        organisation=altstadt.organisation,
        name=PARTNER_NAME,
        defaults={"type": PartnerType.objects.get(key="wohnungsanbieter"), "serves_wohnen": True},
    )
    NetworkMembership.objects.update_or_create(
        partner=partner, quartier=altstadt, defaults={"status": MembershipStatus.ACTIVE, "role": "kern"}
    )
    cafe = Measure.objects.filter(quartier=altstadt, title="Nachbarschaftscafé").first()
    if cafe is not None and not MeasurePartner.objects.filter(measure=cafe, partner=partner).exists():
        has_lead = MeasurePartner.objects.filter(measure=cafe, role="lead").exists()
        MeasurePartner.objects.create(measure=cafe, partner=partner, role="support" if has_lead else "lead")
    partner_account_set(user=User.objects.get(email=PARTNER), partner=partner)
    partner_memberships_sync(partner=partner)
    return partner
