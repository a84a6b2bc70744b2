"""The network's objects as checklist evidence (see planning/evidence_objects.py): partners
approached and agreements signed (network memberships) and meetings, minuted ones first.
Steps 4 ("Kooperationspartner finden") and 6 ("Netzwerk aufbauen") accept them on every item."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from planning.evidence_objects import EXTRA_KINDS_BY_STEP, EvidenceSource, register
from quartier.models import Quartier

from .meetings.models import Meeting
from .partners.models import MembershipStatus, NetworkMembership


def _reverse_or_none(name: str, *args: object) -> str | None:
    """The URL of a page, or None while the page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# Active partners first, then those approached, dormant and those who left.
_STATUS_ORDER = Case(
    *(
        When(status=value, then=Value(position))
        for position, value in enumerate(
            (MembershipStatus.ACTIVE, MembershipStatus.REQUESTED, MembershipStatus.DORMANT, MembershipStatus.LEFT)
        )
    ),
    output_field=IntegerField(),
)


def _memberships(quartier: Quartier) -> QuerySet[NetworkMembership]:
    return (
        NetworkMembership.objects.filter(quartier=quartier)
        .select_related("partner")
        .order_by(_STATUS_ORDER, "partner__name", "pk")
    )


def membership_label(membership: NetworkMembership) -> str:
    """„Pflegedienst Sonnenschein – aktiv, Vereinbarung bis 31.12.2027“ / „… – angefragt“."""
    status = membership.get_status_display()
    if membership.agreement_until:
        agreement = _("agreement until %(date)s") % {
            "date": date_format(membership.agreement_until, "SHORT_DATE_FORMAT")
        }
    elif membership.agreement_signed_on:
        agreement = _("agreement signed on %(date)s") % {
            "date": date_format(membership.agreement_signed_on, "SHORT_DATE_FORMAT")
        }
    elif membership.agreement_document_id:
        agreement = _("agreement on file")
    else:
        return _("%(partner)s – %(status)s") % {"partner": membership.partner.name, "status": status}
    return _("%(partner)s – %(status)s, %(agreement)s") % {
        "partner": membership.partner.name,
        "status": status,
        "agreement": agreement,
    }


register(
    EvidenceSource(
        kind="partner_agreement",
        candidates=_memberships,
        label=membership_label,
        model=NetworkMembership,
        url=lambda quartier, obj: _reverse_or_none("partner_detail", quartier.slug, obj.partner_id),
        create_url=lambda quartier: _reverse_or_none("partner_list", quartier.slug),
    )
)


def _meetings(quartier: Quartier) -> QuerySet[Meeting]:
    """The quartier's meetings, minuted ones first, the latest first."""
    minuted = Case(When(~Q(minutes=""), then=Value(0)), default=Value(1), output_field=IntegerField())
    return Meeting.objects.filter(quartier=quartier).order_by(minuted, "-starts_at", "pk")


def meeting_label(meeting: Meeting) -> str:
    """„Netzwerktreffen „Frühjahrstreffen“ am 12.03.2026 – Protokoll: ja“."""
    return _("%(kind)s „%(title)s“ on %(date)s – minutes: %(minuted)s") % {
        "kind": meeting.get_kind_display(),
        "title": meeting.title,
        "date": date_format(localtime(meeting.starts_at), "SHORT_DATE_FORMAT"),
        "minuted": _("yes") if meeting.is_minuted else _("no"),
    }


register(
    EvidenceSource(
        kind="meeting",
        candidates=_meetings,
        label=meeting_label,
        model=Meeting,
        url=lambda quartier, obj: _reverse_or_none("meeting_detail", quartier.slug, obj.pk),
        create_url=lambda quartier: _reverse_or_none("meeting_list", quartier.slug),
    )
)

# Step 4 (find partners, inform citizens) and step 6 (build the network and work in it): the
# partners approached, the agreements signed and the meetings held back any of their items.
for _step in (4, 6):
    EXTRA_KINDS_BY_STEP[_step] = tuple(
        dict.fromkeys((*EXTRA_KINDS_BY_STEP.get(_step, ()), "partner_agreement", "meeting"))
    )
