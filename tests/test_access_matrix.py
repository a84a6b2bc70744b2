"""Every URL × every role, with the status each role gets, as one table.

The rules come from `quartier.access.ROLE_ACTIONS`: a quartier the user may not see is a
404, an action the role may not take is a 403, anonymous people are sent to the login
page. A URL pattern added without a row in `ROWS` fails `test_every_url_pattern_has_a_row`,
so that who may open a new page is decided on purpose, not by accident.

Each POST that a role may send must change the quartier's state, and each POST it may
not send must leave it as it was: a 302 alone does not tell a saved form from a
refusal shown as a message.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from evaluation.models import Report
from network.meetings.models import ActionItem, CalendarFeed, Meeting
from network.models import (
    Contact,
    Contribution,
    ContributionKind,
    MeasurePartner,
    NetworkMembership,
    Partner,
    PartnerAccount,
)
from network.partners.accounts import partner_account_set
from planning.analysis.indicator_import import ImportRow, sign_rows
from planning.funding.models import FundingKind, FundingSource
from planning.measures.models import Measure, MeasureTransition, Milestone
from planning.models import (
    ChecklistItem,
    Document,
    DomainAssessment,
    Evidence,
    EvidenceKind,
    Facility,
    FacilityCategory,
    Goal,
    Indicator,
    IndicatorValue,
    StepProgress,
    StepStatus,
    StepTransition,
)
from quartier.models import Invitation, Membership, Quartier, Role
from tests import access_rows
from tests.factories import MembershipFactory, NetworkMembershipFactory, UserFactory, partner_type

# URL prefixes whose views are tested elsewhere (Django's own admin, login/logout/password
# views and the language switch); the table covers everything else in config.urls.
IGNORED_PREFIXES = ("admin/", "konto/", "i18n/")

MEMBERS = ("manager", "developer", "partner", "viewer")
SEES_QUARTIER = (*MEMBERS, "coordinator")
# Everyone who sees the quartier reads the team's workspace, except partners: they have the portal.
READERS = ("manager", "developer", "viewer", "coordinator")
CANNOT_SEE_QUARTIER = ("other_coordinator", "outsider")
ANONYMOUS = "anonymous"
ROLES = (*SEES_QUARTIER, *CANNOT_SEE_QUARTIER, ANONYMOUS)
LOGGED_IN = ROLES[:-1]

QUARTIER_NAME = "Altstadt"  # the `quartier` fixture
# The <title> of every quartier page ends like this: the real page, not an error page.
QUARTIER_TITLE = f"– {QUARTIER_NAME} · Quartierswerk</title>"

WORK_STEP = 1  # open; its first item is not done, its second has evidence
READY_STEP = 2  # every required item done with evidence: completing it succeeds
DONE_STEP = 3  # completed: reopening it succeeds

PDF = b"%PDF-1.4\n% Lageplan Altstadt\n%%EOF\n"


@dataclass(frozen=True)
class World:
    """The objects the URLs point at, all in `quartier`."""

    quartier: Quartier
    item: ChecklistItem
    evidence: Evidence
    document: Document
    done_report: Report
    failed_report: Report
    colleague: Membership  # a developer whose role the manager may change or who may be removed
    invitation: Invitation  # open, for the outsider's address
    measure: Measure  # planned, the colleague is responsible: the `developer` may not edit it
    milestone: Milestone
    indicator: Indicator
    indicator_value: IndicatorValue  # recorded by hand; deleting it succeeds


@dataclass(frozen=True)
class Row:
    """One request and the status every role gets for it."""

    case: str  # the test id's first part; the URL name unless a pattern has two rows
    url_name: str
    expected: dict[str, int]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    shows: str | None = None  # text every 200 response must contain
    # A public POST (a survey answer, an idea): anonymous people change state with it too.
    public: bool = False
    # A POST that stores nothing (a preference kept in a cookie): it must change no data for anyone.
    stores_nothing: bool = False

    def __post_init__(self) -> None:
        assert set(self.expected) == set(ROLES), f"{self.case}: give a status for each of {ROLES}"


def in_quartier(ok: int, allowed: tuple[str, ...] = READERS) -> dict[str, int]:
    """A page or action in `quartier`: hidden → 404, not allowed → 403, anonymous → login."""
    return {
        **{role: ok if role in allowed else 403 for role in SEES_QUARTIER},
        **dict.fromkeys(CANNOT_SEE_QUARTIER, 404),
        ANONYMOUS: 302,
    }


def everyone(status: int, *, anonymous: int | None = None) -> dict[str, int]:
    return {**dict.fromkeys(LOGGED_IN, status), ANONYMOUS: status if anonymous is None else anonymous}


MANAGE = ("manager",)  # complete, reopen, own items, profile, invitations
WORK = ("manager", "developer")  # tick items, evidence, notes, documents
REPORT = ("manager", "developer", "coordinator")
COORDINATORS = ("coordinator", "other_coordinator")


def slug(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug}


def step(number: int) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"slug": w.quartier.slug, "number": number}


def item(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "item_id": w.item.pk}


def _goal(w: World) -> Goal:
    """The quartier's goal that the goal rows edit and delete (made on first use)."""
    goal, _created = Goal.objects.get_or_create(quartier=w.quartier, title="Mehr Bänke", defaults={"domain": "wohnen"})
    return goal


def goal(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "goal_id": _goal(w).pk}


def _source(w: World) -> FundingSource:
    """The quartier's funding source that the funding rows edit and delete (made on first use)."""
    source, _created = FundingSource.objects.get_or_create(
        quartier=w.quartier,
        title="Stiftungsmittel",
        defaults={
            "kind": FundingKind.objects.get(key="stiftung"),
            "funder": "Stiftung",
            "amount": 1000,
            "start": date(2026, 1, 1),
            "end": date(2026, 12, 31),
        },
    )
    return source


def source(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "source_id": _source(w).pk}


def funding_form(w: World) -> dict[str, Any]:
    return {
        "kind": FundingKind.objects.get(key="kommune").pk,
        "title": "Quartiersbudget",
        "funder": "Stadt",
        "domain": "",
        "amount": "5.000",
        "start": "2026-01-01",
        "end": "2027-12-31",
        "status": "bewilligt",
        "shares-TOTAL_FORMS": "0",
        "shares-INITIAL_FORMS": "0",
    }


def measure(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "measure_id": w.measure.pk}


def milestone(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "milestone_id": w.milestone.pk}


def indicator(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "indicator_id": w.indicator.pk}


def indicator_value(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "value_id": w.indicator_value.pk}


def import_row(w: World) -> ImportRow:
    return ImportRow(2, w.indicator, Decimal("21.5"), date(2026, 6, 30), "Melderegister")


# planning/analysis/urls.py
SQUARE = {"type": "Polygon", "coordinates": [[[9.1, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.8], [9.1, 48.7]]]}
OSM_EXPORT = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "node/7",
                "properties": {"amenity": "pharmacy"},
                "geometry": {"type": "Point", "coordinates": [9.1, 48.7]},
            }
        ],
    }
).encode()


def pharmacy() -> FacilityCategory:
    return FacilityCategory.objects.get(key="apotheke")


def with_boundary(w: World) -> dict[str, Any]:
    Quartier.objects.filter(pk=w.quartier.pk, boundary__isnull=True).update(boundary=SQUARE)
    return slug(w)


def a_facility(w: World) -> dict[str, Any]:
    """A facility of the quartier, made when the row needs it (the World stays as it is)."""
    facility = Facility.objects.filter(quartier=w.quartier).first() or Facility.objects.create(
        quartier=w.quartier, category=pharmacy(), domain="pflege", name="Löwen-Apotheke", lat=48.75, lon=9.15
    )
    return {"slug": w.quartier.slug, "facility_id": facility.pk}


# network/meetings/urls.py – meetings, action items and the calendar. The meeting invites the
# `partner`'s partner and its action item is theirs, so the partner user sees the meeting and
# ticks the item; the calendar feed needs no login: its private token is the key.
MEETING_TITLE = "Netzwerktreffen Herbst"


def _partner_org() -> Partner | None:
    """The `partner_org` fixture's partner, when the case's role made it."""
    return Partner.objects.filter(name="Wohnbau Beispiel eG").first()


def _meeting(w: World) -> Meeting:
    meeting, created = Meeting.objects.get_or_create(
        quartier=w.quartier,
        title=MEETING_TITLE,
        defaults={"starts_at": timezone.make_aware(datetime(2026, 11, 25, 18, 30))},
    )
    if created and (partner := _partner_org()) is not None:
        meeting.invited.add(partner)
    return meeting


def a_meeting(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "meeting_id": _meeting(w).pk}


def an_action_item(w: World) -> dict[str, Any]:
    action_item, _created = ActionItem.objects.get_or_create(
        meeting=_meeting(w), task="Saal buchen", defaults={"responsible_partner": _partner_org()}
    )
    return {"slug": w.quartier.slug, "item_id": action_item.pk}


def a_feed_token(w: World) -> dict[str, Any]:
    """The colleague's calendar link (a developer of the quartier)."""
    _meeting(w)
    feed, _created = CalendarFeed.objects.get_or_create(user=w.colleague.user, quartier=w.quartier)
    return {"token": feed.token}


def meeting_form(w: World) -> dict[str, Any]:
    return {
        "kind": "netzwerktreffen",
        "title": "Netzwerktreffen Dezember",
        "date": "10.12.2026",
        "begins": "18:00",
        "ends": "",
        "place": "Bürgerhaus",
        "agenda": "",
        "citizens_count": "0",
        "minutes": "",
        "decisions": "",
    }


def _meetings_state(quartier: Quartier) -> list[Any]:
    """What the meeting and calendar rows change."""
    return [
        list(Meeting.objects.filter(quartier=quartier).order_by("pk").values_list("pk", "title", "updated_at")),
        list(
            ActionItem.objects.filter(meeting__quartier=quartier)
            .order_by("pk")
            .values_list("pk", "task", "done", "measure_id")
        ),
        list(CalendarFeed.objects.filter(quartier=quartier).order_by("pk").values_list("user_id", "token")),
    ]


MEETING_ROWS: tuple[Row, ...] = (
    Row("meeting_list", "meeting_list", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("meeting_create", "meeting_create", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row("meeting_create_save", "meeting_create", in_quartier(302, MANAGE), slug, "POST", meeting_form),
    Row("meeting_detail", "meeting_detail", in_quartier(200, SEES_QUARTIER), a_meeting, shows=MEETING_TITLE),
    Row("meeting_edit", "meeting_edit", in_quartier(200, MANAGE), a_meeting, shows=QUARTIER_TITLE),
    Row("meeting_edit_save", "meeting_edit", in_quartier(302, MANAGE), a_meeting, "POST", meeting_form),
    Row("action_item_create", "action_item_create", in_quartier(200, MANAGE), a_meeting, shows=QUARTIER_TITLE),
    Row(
        "action_item_create_save",
        "action_item_create",
        in_quartier(302, MANAGE),
        a_meeting,
        "POST",
        lambda w: {"task": "Flyer drucken", "due_date": "01.12.2026"},
    ),
    Row("action_item_edit", "action_item_edit", in_quartier(200, MANAGE), an_action_item, shows=QUARTIER_TITLE),
    Row(
        "action_item_edit_save",
        "action_item_edit",
        in_quartier(302, MANAGE),
        an_action_item,
        "POST",
        lambda w: {"task": "Großen Saal buchen"},
    ),
    # Managers, and the users of the partner the item was given to.
    Row(
        "action_item_toggle",
        "action_item_toggle",
        in_quartier(302, ("manager", "partner")),
        an_action_item,
        "POST",
        lambda w: {"done": "1"},
    ),
    Row(
        "action_item_to_measure",
        "action_item_to_measure",
        in_quartier(200, MANAGE),
        an_action_item,
        shows=QUARTIER_TITLE,
    ),
    Row(
        "action_item_to_measure_save",
        "action_item_to_measure",
        in_quartier(302, MANAGE),
        an_action_item,
        "POST",
        lambda w: {"domain": "soziales"},
    ),
    Row("calendar", "calendar", in_quartier(200, SEES_QUARTIER), slug, shows=QUARTIER_TITLE),
    Row("calendar_renew", "calendar_renew", in_quartier(302, SEES_QUARTIER), slug, "POST"),
    Row("calendar_feed", "calendar_feed", everyone(200), a_feed_token, shows="BEGIN:VEVENT"),
)


# network/partners/urls.py – the directory's partner, contact and partner accounts, made when a
# row needs them (before the state is taken). Writes need EDIT_NETWORK: managers only.
NETWORK_PARTNER = "Seniorenbüro Altstadt"
PARTNER_ACCOUNT_EMAIL = "konto-seniorenbuero@example.org"
LINKABLE_EMAIL = "neu-seniorenbuero@example.org"


def _network_partner(w: World) -> Partner:
    """A partner of the quartier's organisation, active in its network."""
    partner = Partner.objects.filter(organisation=w.quartier.organisation, name=NETWORK_PARTNER).first()
    if partner is None:
        partner = Partner.objects.create(
            organisation=w.quartier.organisation,
            name=NETWORK_PARTNER,
            type=partner_type("sozialer_dienst"),
            serves_soziales=True,
        )
        NetworkMembership.objects.create(partner=partner, quartier=w.quartier, status="aktiv", role="kern")
    return partner


def network_partner(w: World) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "partner_id": _network_partner(w).pk}


def network_contact(w: World) -> dict[str, Any]:
    contact, _created = Contact.objects.get_or_create(
        partner=_network_partner(w),
        name="Rita Beispiel",
        defaults={
            "email": "rita@seniorenbuero.example",
            "consent_purpose": "Einladungen",
            "consent_date": date(2026, 1, 5),
        },
    )
    return {"slug": w.quartier.slug, "contact_id": contact.pk}


def _partner_member(w: World, email: str) -> Any:
    """A member of the quartier in the partner role."""
    membership = Membership.objects.filter(quartier=w.quartier, user__email=email).select_related("user").first()
    return (membership or MembershipFactory(quartier=w.quartier, role=Role.PARTNER, user=UserFactory(email=email))).user


def linkable_partner_member(w: World) -> dict[str, Any]:
    _partner_member(w, LINKABLE_EMAIL)
    return network_partner(w)


def linked_account(w: World) -> dict[str, Any]:
    account = _partner_member(w, PARTNER_ACCOUNT_EMAIL)
    partner_account_set(user=account, partner=_network_partner(w))
    return {**network_partner(w), "user_id": account.pk}


def _network_partners_state(quartier: Quartier) -> dict[str, Any]:
    partners = Partner.objects.filter(organisation_id=quartier.organisation_id)
    return {
        "partners": list(partners.order_by("pk").values_list("pk", "name", "address")),
        "memberships": list(
            NetworkMembership.objects.filter(partner__in=partners).order_by("pk").values_list("pk", "status", "role")
        ),
        "contacts": list(
            Contact.objects.filter(partner__in=partners).order_by("pk").values_list("pk", "name", "email", "erased_at")
        ),
        "accounts": list(PartnerAccount.objects.filter(partner__in=partners).values_list("user_id", "partner_id")),
    }


NETWORK_PARTNER_ROWS: tuple[Row, ...] = (
    Row("partner_list", "partner_list", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("partner_create", "partner_create", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row(
        "partner_create_save",
        "partner_create",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {
            "name": "Apotheke am Markt",
            "type": partner_type("gesundheit").pk,
            "serves_pflege": "on",
            "status": "angefragt",
        },
    ),
    Row("partner_detail", "partner_detail", in_quartier(200), network_partner, shows=QUARTIER_TITLE),
    Row("partner_edit", "partner_edit", in_quartier(200, MANAGE), network_partner, shows=QUARTIER_TITLE),
    Row(
        "partner_edit_save",
        "partner_edit",
        in_quartier(302, MANAGE),
        network_partner,
        "POST",
        lambda w: {
            "name": NETWORK_PARTNER,
            "type": partner_type("sozialer_dienst").pk,
            "serves_soziales": "on",
            "address": "Kirchgasse 1",
        },
    ),
    Row(
        "network_membership_edit",
        "network_membership_edit",
        in_quartier(200, MANAGE),
        network_partner,
        shows=QUARTIER_TITLE,
    ),
    Row(
        "network_membership_edit_save",
        "network_membership_edit",
        in_quartier(302, MANAGE),
        network_partner,
        "POST",
        lambda w: {"status": "ruhend", "role": "arbeitsgruppe"},
    ),
    Row(
        "partner_account_link",
        "partner_account_link",
        in_quartier(302, MANAGE),
        linkable_partner_member,
        "POST",
        lambda w: {"user": Membership.objects.get(quartier=w.quartier, user__email=LINKABLE_EMAIL).user_id},
    ),
    Row("partner_account_unlink", "partner_account_unlink", in_quartier(302, MANAGE), linked_account, "POST"),
    Row("contact_create", "contact_create", in_quartier(200, MANAGE), network_partner, shows=QUARTIER_TITLE),
    Row(
        "contact_create_save",
        "contact_create",
        in_quartier(302, MANAGE),
        network_partner,
        "POST",
        lambda w: {"name": "Jonas Neu", "consent_purpose": "Einladungen", "consent_date": "2026-01-05"},
    ),
    Row("contact_edit", "contact_edit", in_quartier(200, MANAGE), network_contact, shows=QUARTIER_TITLE),
    Row(
        "contact_edit_save",
        "contact_edit",
        in_quartier(302, MANAGE),
        network_contact,
        "POST",
        lambda w: {
            "name": "Rita Beispiel",
            "email": "rita.neu@seniorenbuero.example",
            "consent_purpose": "Einladungen",
            "consent_date": "2026-01-05",
        },
    ),
    Row("contact_export", "contact_export", in_quartier(200, MANAGE), network_contact, shows='"consent_purpose"'),
    Row("contact_erase", "contact_erase", in_quartier(200, MANAGE), network_contact, shows=QUARTIER_TITLE),
    Row("contact_erase_save", "contact_erase", in_quartier(302, MANAGE), network_contact, "POST"),
    Row("network_overview", "network_overview", in_quartier(200), slug, shows=QUARTIER_TITLE),
)


# network/measures/urls.py: the partner chosen as lead by the POST row.
LEAD_PARTNER = "Pflegedienst Sonnenschein"


def measure_with_candidate(w: World) -> dict[str, Any]:
    """The measure, with a partner of the quartier's network to choose as lead (made before the state is taken)."""
    if not Partner.objects.filter(organisation=w.quartier.organisation, name=LEAD_PARTNER).exists():
        NetworkMembershipFactory(quartier=w.quartier, partner__name=LEAD_PARTNER)
    return measure(w)


def lead_partner_form(w: World) -> dict[str, Any]:
    return {"lead": Partner.objects.get(organisation=w.quartier.organisation, name=LEAD_PARTNER).pk}


# network/contributions/urls.py: an entry of the partner the `partner` user acts for, made when
# the row needs it (after the role's user, so that the `partner_org` fixture's partner is reused).
OWN_PARTNER = "Wohnbau Beispiel eG"


def _own_partner(w: World) -> Partner:
    partner = Partner.objects.filter(organisation=w.quartier.organisation, name=OWN_PARTNER).first()
    return partner or NetworkMembershipFactory(quartier=w.quartier, partner__name=OWN_PARTNER).partner


def entry(w: World) -> dict[str, Any]:
    contribution = Contribution.objects.filter(quartier=w.quartier).first() or Contribution.objects.create(
        quartier=w.quartier,
        partner=_own_partner(w),
        kind=ContributionKind.objects.get(key="zeit"),
        amount=Decimal(2),
        date=date(2026, 5, 4),
    )
    return {"slug": w.quartier.slug, "contribution_id": contribution.pk}


def slug_with_own_partner(w: World) -> dict[str, Any]:
    """The quartier, with the partner a contribution is logged for (made before the state is taken)."""
    _own_partner(w)
    return slug(w)


def contribution_form(w: World) -> dict[str, Any]:
    return {
        "partner": _own_partner(w).pk,  # managers choose; a partner's own is taken
        "kind": ContributionKind.objects.get(key="zeit").pk,
        "amount": "3,5",
        "date": "2026-05-05",
        "description": "Sommerfest aufgebaut",
    }


def _contribution_state(quartier: Quartier) -> dict[str, Any]:
    return {
        "contributions": list(
            Contribution.objects.filter(quartier=quartier)
            .order_by("pk")
            .values_list("pk", "status", "amount", "return_reason")
        )
    }


LOGGERS = ("manager", "partner")  # log contributions; a partner only for its own partner
ENTRY_READERS = ("manager", "partner")  # single entries: managers, and the partner who made them


ROWS: tuple[Row, ...] = (
    # network/partners/urls.py
    *NETWORK_PARTNER_ROWS,
    *MEETING_ROWS,
    # network/graph/urls.py
    Row("network_matrix", "network_matrix", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("network_graph", "network_graph", in_quartier(200), slug, shows=QUARTIER_TITLE),
    # network/measures/urls.py
    Row("measure_partners", "measure_partners", in_quartier(200, MANAGE), measure, shows=QUARTIER_TITLE),
    Row(
        "measure_partners_save",
        "measure_partners",
        in_quartier(302, MANAGE),
        measure_with_candidate,
        "POST",
        lead_partner_form,
    ),
    # network/portal/urls.py
    Row("partner_portal", "partner_portal", in_quartier(200, SEES_QUARTIER), slug, shows=QUARTIER_TITLE),
    # network/contributions/urls.py
    Row("contribution_list", "contribution_list", in_quartier(200, SEES_QUARTIER), slug, shows=QUARTIER_TITLE),
    Row("contribution_summary", "contribution_summary", in_quartier(200, SEES_QUARTIER), slug, shows=QUARTIER_TITLE),
    Row("contribution_export_csv", "contribution_export_csv", in_quartier(200, SEES_QUARTIER), slug, shows=";Menge;"),
    Row("contribution_export_xlsx", "contribution_export_xlsx", in_quartier(200, SEES_QUARTIER), slug, shows="PK"),
    Row("contribution_create", "contribution_create", in_quartier(200, LOGGERS), slug, shows=QUARTIER_TITLE),
    Row(
        "contribution_create_save",
        "contribution_create",
        in_quartier(302, LOGGERS),
        slug_with_own_partner,
        "POST",
        contribution_form,
    ),
    Row("contribution_detail", "contribution_detail", in_quartier(200, ENTRY_READERS), entry, shows=QUARTIER_TITLE),
    Row("contribution_edit", "contribution_edit", in_quartier(200, ENTRY_READERS), entry, shows=QUARTIER_TITLE),
    Row(
        "contribution_edit_save",
        "contribution_edit",
        in_quartier(302, ENTRY_READERS),
        entry,
        "POST",
        contribution_form,
    ),
    Row("contribution_confirm", "contribution_confirm", in_quartier(302, MANAGE), entry, "POST"),
    Row(
        "contribution_return",
        "contribution_return",
        in_quartier(302, MANAGE),
        entry,
        "POST",
        lambda w: {"reason": "Bitte das Datum prüfen."},
    ),
    # config/urls.py
    Row("health", "health", everyone(200), shows='"status": "ok"'),
    # quartier/urls.py
    Row("home", "home", everyone(302)),
    Row("quartier_list", "quartier_list", everyone(200, anonymous=302)),
    Row("quartier_profile", "quartier_profile", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("quartier_profile_edit", "quartier_profile_edit", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row(
        "quartier_profile_edit_save",
        "quartier_profile_edit",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {"name": QUARTIER_NAME, "municipality": "Musterstadt", "spatial_type": "stadtviertel"},
    ),
    Row("members", "members", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row(
        "members_invite",
        "members",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {"email": "neu@example.org", "role": "viewer"},
    ),
    Row(
        "membership_role",
        "membership_role",
        in_quartier(302, MANAGE),
        lambda w: {"slug": w.quartier.slug, "membership_id": w.colleague.pk},
        "POST",
        lambda w: {"role": "viewer"},
    ),
    Row(
        "membership_remove",
        "membership_remove",
        in_quartier(302, MANAGE),
        lambda w: {"slug": w.quartier.slug, "membership_id": w.colleague.pk},
        "POST",
    ),
    Row(
        "invitation_withdraw",
        "invitation_withdraw",
        in_quartier(302, MANAGE),
        lambda w: {"slug": w.quartier.slug, "invitation_id": w.invitation.pk},
        "POST",
    ),
    Row("invitation_accept", "invitation_accept", everyone(404), lambda w: {"token": "kein-gueltiges-token"}),
    # Only the person the invitation was sent to may answer it; for everyone else it does not exist.
    Row(
        "invitation_accept_pending",
        "invitation_accept_pending",
        {**everyone(404, anonymous=302), "outsider": 302},
        lambda w: {"invitation_id": w.invitation.pk},
        "POST",
    ),
    Row(
        "invitation_decline",
        "invitation_decline",
        {**everyone(404, anonymous=302), "outsider": 302},
        lambda w: {"invitation_id": w.invitation.pk},
        "POST",
    ),
    # planning/urls.py
    Row("step_detail", "step_detail", in_quartier(200), step(WORK_STEP), shows=QUARTIER_TITLE),
    Row("step_complete", "step_complete", in_quartier(302, MANAGE), step(READY_STEP), "POST"),
    Row(
        "step_reopen",
        "step_reopen",
        in_quartier(302, MANAGE),
        step(DONE_STEP),
        "POST",
        lambda w: {"reason": "Die Befragung wird wiederholt."},
    ),
    Row(
        "step_notes",
        "step_notes",
        in_quartier(302, WORK),
        step(WORK_STEP),
        "POST",
        lambda w: {"notes": "Nächstes Treffen am Montag."},
    ),
    Row(
        "item_add",
        "item_add",
        in_quartier(302, MANAGE),
        step(WORK_STEP),
        "POST",
        lambda w: {"title": "Seniorenbeirat einbinden", "evidence_kind": EvidenceKind.TEXT},
    ),
    Row("item_toggle", "item_toggle", in_quartier(302, WORK), item, "POST", lambda w: {"done": "1"}),
    Row(
        "evidence_add",
        "evidence_add",
        in_quartier(302, WORK),
        item,
        "POST",
        lambda w: {f"item{w.item.pk}-kind": EvidenceKind.TEXT, f"item{w.item.pk}-text": "Protokoll liegt vor."},
    ),
    Row(
        "evidence_remove",
        "evidence_remove",
        in_quartier(302, WORK),
        lambda w: {"slug": w.quartier.slug, "evidence_id": w.evidence.pk},
        "POST",
    ),
    Row("documents", "documents", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row(
        "documents_upload",
        "documents",
        in_quartier(302, WORK),
        slug,
        "POST",
        lambda w: {"file": SimpleUploadedFile("plan.pdf", PDF, "application/pdf"), "title": "Lageplan"},
    ),
    Row(
        "document_download",
        "document_download",
        in_quartier(200),
        lambda w: {"slug": w.quartier.slug, "document_id": w.document.pk},
        shows="Lageplan Altstadt",
    ),
    Row(
        "evidence_link",
        "evidence_link",
        in_quartier(302, WORK),
        lambda w: _goal_item(w),
        "POST",
        lambda w: {"object": f"goal:{Goal.objects.get(quartier=w.quartier, title=GOAL_TITLE).pk}"},
    ),
    # planning/analysis/urls.py (catchment, strengths and weaknesses)
    Row("analysis", "analysis", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row(
        "assessment_edit",
        "assessment_edit",
        in_quartier(302, MANAGE),
        lambda w: {"slug": w.quartier.slug, "domain": "wohnen"},
        "POST",
        lambda w: {"wohnen-strengths": "Kurze Wege zum Markt", "wohnen-weaknesses": ""},
    ),
    Row("catchment", "catchment", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row(
        "catchment_radius",
        "catchment_radius",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {"radius_m": "700"},
    ),
    Row("catchment_geojson", "catchment_geojson", in_quartier(200), slug, shows='"FeatureCollection"'),
    Row("catchment_csv", "catchment_csv", in_quartier(200), slug, shows="category;facilities;coverage_percent"),
    # planning/goals/urls.py and planning/funding/urls.py
    Row("goal_list", "goal_list", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("goal_create", "goal_create", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row(
        "goal_create_save",
        "goal_create",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {"domain": "soziales", "title": "Zwei neue Begegnungsorte"},
    ),
    Row("goal_edit", "goal_edit", in_quartier(200, MANAGE), goal, shows=QUARTIER_TITLE),
    Row(
        "goal_edit_save",
        "goal_edit",
        in_quartier(302, MANAGE),
        goal,
        "POST",
        lambda w: {"domain": "wohnen", "title": "Mehr Sitzbänke"},
    ),
    Row("goal_delete", "goal_delete", in_quartier(302, MANAGE), goal, "POST"),
    Row("funding_list", "funding_list", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("funding_create", "funding_create", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row("funding_create_save", "funding_create", in_quartier(302, MANAGE), slug, "POST", funding_form),
    Row("funding_edit", "funding_edit", in_quartier(200, MANAGE), source, shows=QUARTIER_TITLE),
    Row("funding_edit_save", "funding_edit", in_quartier(302, MANAGE), source, "POST", funding_form),
    Row("funding_delete", "funding_delete", in_quartier(302, MANAGE), source, "POST"),
    # planning/analysis/urls.py
    Row("indicator_list", "indicator_list", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("indicator_detail", "indicator_detail", in_quartier(200), indicator, shows=QUARTIER_TITLE),
    Row("indicator_value_add", "indicator_value_add", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row(
        "indicator_value_add_save",
        "indicator_value_add",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {"indicator": w.indicator.pk, "value": "8,6", "reference_date": "30.06.2026"},
    ),
    Row("indicator_value_delete", "indicator_value_delete", in_quartier(302, MANAGE), indicator_value, "POST"),
    # The preview (a POST that changes nothing) is tested in tests/planning/test_indicator_import.py.
    Row("indicator_import", "indicator_import", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row(
        "indicator_import_apply",
        "indicator_import_apply",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {"token": sign_rows(quartier=w.quartier, rows=[import_row(w)])},
    ),
    Row("indicator_template_csv", "indicator_template_csv", in_quartier(200), slug, shows="indicator_code;value"),
    Row("indicator_template_xlsx", "indicator_template_xlsx", in_quartier(200), slug, shows="xl/workbook.xml"),
    # evaluation/urls.py
    # Partners are sent to their portal.
    Row("cockpit", "cockpit", {**in_quartier(200), "partner": 302}, slug, shows=QUARTIER_TITLE),
    Row("report_request", "report_request", in_quartier(302, REPORT), slug, "POST"),
    Row(
        "report_detail",
        "report_detail",
        in_quartier(200),
        lambda w: {"slug": w.quartier.slug, "report_id": w.done_report.pk},
        shows=QUARTIER_TITLE,
    ),
    Row(
        "report_download",
        "report_download",
        in_quartier(200),
        lambda w: {"slug": w.quartier.slug, "report_id": w.done_report.pk},
        shows="%PDF",
    ),
    Row(
        "report_retry",
        "report_retry",
        in_quartier(302, REPORT),
        lambda w: {"slug": w.quartier.slug, "report_id": w.failed_report.pk},
        "POST",
    ),
    # Any coordinator may open the portfolio; it lists only their own organisation's quartiers.
    Row("portfolio", "portfolio", {**everyone(403, anonymous=302), **dict.fromkeys(COORDINATORS, 200)}),
    Row("portfolio_csv", "portfolio_csv", {**everyone(403, anonymous=302), **dict.fromkeys(COORDINATORS, 200)}),
    # planning/measures/urls.py – the measure of the world belongs to a colleague: the
    # `developer` may edit only measures they are responsible for (tests/planning/test_measures_views.py).
    Row("measure_list", "measure_list", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("measure_board", "measure_board", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("measure_timeline", "measure_timeline", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("measure_export_csv", "measure_export_csv", in_quartier(200), slug, shows="Titel;Bereich;Status"),
    Row("measure_export_xlsx", "measure_export_xlsx", in_quartier(200), slug, shows="PK"),
    Row("measure_create", "measure_create", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row(
        "measure_create_save",
        "measure_create",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {
            "title": "Bank am Marktplatz",
            "domain": "wohnen",
            "status": "geplant",
            "budget_planned": "0",
            "budget_spent": "0",
        },
    ),
    Row("measure_detail", "measure_detail", in_quartier(200), measure, shows=QUARTIER_TITLE),
    Row("measure_edit", "measure_edit", in_quartier(200, MANAGE), measure, shows=QUARTIER_TITLE),
    Row(
        "measure_edit_save",
        "measure_edit",
        in_quartier(302, MANAGE),
        measure,
        "POST",
        lambda w: {"title": "Café im Quartier", "domain": "soziales", "budget_planned": "0", "budget_spent": "0"},
    ),
    Row("measure_delete", "measure_delete", in_quartier(302, MANAGE), measure, "POST"),
    Row(
        "measure_status",
        "measure_status",
        in_quartier(302, MANAGE),
        measure,
        "POST",
        lambda w: {"to_status": "in_umsetzung"},
    ),
    Row("milestone_add", "milestone_add", in_quartier(302, MANAGE), measure, "POST", lambda w: {"new-title": "Flyer"}),
    Row(
        "milestone_edit",
        "milestone_edit",
        in_quartier(302, MANAGE),
        milestone,
        "POST",
        lambda w: {f"ms{w.milestone.pk}-title": "Raum gefunden"},
    ),
    Row("milestone_toggle", "milestone_toggle", in_quartier(302, MANAGE), milestone, "POST", lambda w: {"done": "1"}),
    Row("milestone_delete", "milestone_delete", in_quartier(302, MANAGE), milestone, "POST"),
    Row("my_measures", "my_measures", everyone(200, anonymous=302), shows="Meine Maßnahmen"),
    # planning/analysis/urls.py: the map, the boundary and facilities
    Row("quartier_map", "quartier_map", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("boundary_edit", "boundary_edit", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row(
        "boundary_edit_save",
        "boundary_edit",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {
            "boundary": json.dumps(SQUARE),
            "centre_lat": "48.75",
            "centre_lon": "9.15",
            "catchment_radius_m": "600",
        },
    ),
    Row("boundary_geojson", "boundary_geojson", in_quartier(200), with_boundary, shows='"type": "Feature"'),
    Row("facilities_geojson", "facilities_geojson", in_quartier(200), slug, shows='"FeatureCollection"'),
    Row("facility_list", "facility_list", in_quartier(200), slug, shows=QUARTIER_TITLE),
    Row("facility_create", "facility_create", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row(
        "facility_create_save",
        "facility_create",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {
            "category": pharmacy().pk,
            "name": "Apotheke am Markt",
            "lat": "48.75",
            "lon": "9.15",
            "barrier_free": "yes",
        },
    ),
    Row("facility_edit", "facility_edit", in_quartier(200, MANAGE), a_facility, shows=QUARTIER_TITLE),
    Row(
        "facility_edit_save",
        "facility_edit",
        in_quartier(302, MANAGE),
        a_facility,
        "POST",
        lambda w: {
            "category": pharmacy().pk,
            "name": "Neuer Name",
            "lat": "48.75",
            "lon": "9.15",
            "barrier_free": "no",
        },
    ),
    Row("facility_delete", "facility_delete", in_quartier(302, MANAGE), a_facility, "POST"),
    Row("facility_import", "facility_import", in_quartier(200, MANAGE), slug, shows=QUARTIER_TITLE),
    Row(
        "facility_import_save",
        "facility_import",
        in_quartier(302, MANAGE),
        slug,
        "POST",
        lambda w: {"file": SimpleUploadedFile("osm.geojson", OSM_EXPORT, "application/geo+json")},
    ),
)

GOAL_TITLE = "Mehr Sitzbänke"


def _goal_item(w: World) -> dict[str, Any]:
    """Step 5's goals item, with a goal of the quartier to link (made before the state is taken)."""
    Goal.objects.get_or_create(quartier=w.quartier, domain="wohnen", title=GOAL_TITLE)
    item = ChecklistItem.objects.get(step__quartier=w.quartier, step__template__number=5, object_kind="goal")
    return {"slug": w.quartier.slug, "item_id": item.pk}


# Apps with many pages keep their rows in a module of their own under tests/access_rows/: each
# defines `rows(m)` (m: this module, for Row, in_quartier, everyone, slug…) returning its rows,
# and `state(quartier)` returning what its POSTs change.
EXTRA_MODULES = [
    importlib.import_module(f"{access_rows.__name__}.{info.name}")
    for info in pkgutil.iter_modules(access_rows.__path__)
]
ROWS = (*ROWS, *(row for module in EXTRA_MODULES for row in module.rows(sys.modules[__name__])))

CASES = [pytest.param(row, role, id=f"{row.case}-{role}") for row in ROWS for role in ROLES]


@pytest.fixture
def world(quartier) -> World:
    steps = {s.template.number: s for s in quartier.steps.select_related("template")}
    work_items = list(steps[WORK_STEP].items.order_by("position"))
    todo, with_evidence = work_items[0], work_items[1]
    ChecklistItem.objects.filter(pk=with_evidence.pk).update(done=True, done_at=timezone.now())
    evidence = Evidence.objects.create(item=with_evidence, kind=EvidenceKind.TEXT, text="Sitzungsprotokoll")

    ready = list(steps[READY_STEP].items.filter(required=True))
    ChecklistItem.objects.filter(pk__in=[i.pk for i in ready]).update(done=True, done_at=timezone.now())
    Evidence.objects.bulk_create([Evidence(item=i, kind=EvidenceKind.TEXT, text="Erledigt") for i in ready])

    StepProgress.objects.filter(pk=steps[DONE_STEP].pk).update(status=StepStatus.DONE)

    document = Document(
        quartier=quartier, title="Lageplan", original_name="lageplan.pdf", content_type="application/pdf", size=len(PDF)
    )
    document.file.save("lageplan.pdf", ContentFile(PDF), save=True)

    done_report = Report.objects.create(quartier=quartier, status=Report.Status.DONE, finished_at=timezone.now())
    done_report.file.save("bericht.pdf", ContentFile(PDF), save=True)
    failed_report = Report.objects.create(quartier=quartier, status=Report.Status.FAILED, error="WeasyPrint fehlt")

    colleague = MembershipFactory(
        quartier=quartier, role=Role.DEVELOPER, user=UserFactory(email="kollegin@example.org")
    )
    invitation = Invitation.objects.create(
        quartier=quartier,
        email="Outsider@example.org",
        role=Role.VIEWER,
        token_hash="0" * 64,
        expires_at=timezone.now() + timedelta(days=7),
    )

    measure = Measure.objects.create(
        quartier=quartier, title="Nachbarschaftscafé", domain="soziales", responsible=colleague.user
    )
    milestone = Milestone.objects.create(measure=measure, title="Raum finden")

    indicator = Indicator.objects.get(code="POP80")
    indicator_value = IndicatorValue.objects.create(
        quartier=quartier, indicator=indicator, value=Decimal("8.4"), reference_date=date(2025, 12, 31)
    )

    return World(
        quartier,
        todo,
        evidence,
        document,
        done_report,
        failed_report,
        colleague,
        invitation,
        measure,
        milestone,
        indicator,
        indicator_value,
    )


def _state(quartier: Quartier) -> dict[str, Any]:
    """What the POST actions of the table change, in one comparable value."""
    steps = StepProgress.objects.filter(quartier=quartier).order_by("pk")
    items = ChecklistItem.objects.filter(step__quartier=quartier).order_by("pk")
    return {
        "profile": Quartier.objects.filter(pk=quartier.pk).values_list("updated_at", flat=True).get(),
        "members": list(Membership.objects.filter(quartier=quartier).values_list("user_id", "role").order_by("pk")),
        "invitations": list(
            Invitation.objects.filter(quartier=quartier)
            .order_by("pk")
            .values_list("pk", "accepted_at", "declined_at", "withdrawn_at")
        ),
        "steps": list(steps.values_list("pk", "status", "notes")),
        "transitions": StepTransition.objects.filter(step__quartier=quartier).count(),
        "items": list(items.values_list("pk", "done")),
        "evidence": Evidence.objects.filter(item__step__quartier=quartier).count(),
        "documents": Document.objects.filter(quartier=quartier).count(),
        "reports": list(Report.objects.filter(quartier=quartier).values_list("pk", "status").order_by("pk")),
        "facilities": list(
            Facility.objects.filter(quartier=quartier).values_list("pk", "name", "barrier_free").order_by("pk")
        ),
        "assessments": list(
            DomainAssessment.objects.filter(quartier=quartier).values_list("domain", "strengths", "weaknesses")
        ),
        "goals": list(Goal.objects.filter(quartier=quartier).values_list("pk", "title", "domain").order_by("pk")),
        "funding": list(
            FundingSource.objects.filter(quartier=quartier).values_list("pk", "title", "amount").order_by("pk")
        ),
        "measures": list(
            Measure.objects.filter(quartier=quartier).order_by("pk").values_list("pk", "title", "status", "updated_at")
        ),
        "milestones": list(
            Milestone.objects.filter(measure__quartier=quartier).order_by("pk").values_list("pk", "title", "done")
        ),
        "measure_transitions": MeasureTransition.objects.filter(measure__quartier=quartier).count(),
        "meetings": _meetings_state(quartier),
        "measure_partners": list(
            MeasurePartner.objects.filter(measure__quartier=quartier).values_list("measure_id", "partner_id", "role")
        ),
        "indicator_values": list(
            IndicatorValue.objects.filter(quartier=quartier).values_list("pk", "value", "reference_date").order_by("pk")
        ),
        "network_partners": _network_partners_state(quartier),
        **_contribution_state(quartier),
        **{module.__name__: module.state(quartier) for module in EXTRA_MODULES},
    }


def _body(response: HttpResponse) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize(("row", "role"), CASES)
def test_access(row: Row, role: str, world: World, request, client_for) -> None:
    # Only the user of this case is created: the table stays fast.
    user = None if role == ANONYMOUS else request.getfixturevalue(role)
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    before = _state(world.quartier)

    client = client_for(user)
    send = client.get if row.method == "GET" else client.post
    response = send(url, row.data(world))
    expected = row.expected[role]

    assert response.status_code == expected, f"{row.method} {url} as {role}"
    login_url = reverse("login")
    if expected == 302:
        location = response["Location"]
        if user is None and not (row.public or row.stores_nothing):
            assert location.startswith(f"{login_url}?next="), location
        else:
            assert not location.startswith(login_url), location
    if expected == 200 and row.shows:
        assert row.shows in _body(response)
    if row.method == "POST":
        changed = _state(world.quartier) != before
        allowed = expected in (200, 302) and (user is not None or row.public) and not row.stores_nothing
        assert changed == allowed, "a POST changes state iff it is allowed"
    response.close()


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, str | None]]:
    """(route, name) of every URL pattern, nested includes resolved."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route, pattern.name


def test_every_url_pattern_has_a_row() -> None:
    all_patterns = list(_patterns(get_resolver("config.urls")))
    for prefix in IGNORED_PREFIXES:  # a stale entry would hide nothing, but would mislead a reader
        assert any(route.startswith(prefix) for route, _name in all_patterns), f"no URL under {prefix} any more"
    ours = [(route, name) for route, name in all_patterns if not route.startswith(IGNORED_PREFIXES)]

    assert [route for route, name in ours if not name] == [], "every URL pattern needs a name"
    in_urls = {name for _route, name in ours}
    in_table = {row.url_name for row in ROWS}
    assert sorted(in_urls - in_table) == [], "URL patterns without a row in ROWS: say what every role gets"
    assert sorted(in_table - in_urls) == [], "rows in ROWS for URL names that no longer exist"


def test_case_ids_are_unique() -> None:
    assert len({row.case for row in ROWS}) == len(ROWS)


def test_portfolio_lists_only_the_coordinators_organisation(
    quartier, other_quartier, coordinator, other_coordinator, client_for
) -> None:
    ours = _body(client_for(coordinator).get(reverse("portfolio")))
    theirs = _body(client_for(other_coordinator).get(reverse("portfolio")))
    csv = _body(client_for(other_coordinator).get(reverse("portfolio_csv")))

    assert QUARTIER_NAME in ours and other_quartier.name not in ours
    assert other_quartier.name in theirs and QUARTIER_NAME not in theirs
    assert other_quartier.name in csv and QUARTIER_NAME not in csv


def test_quartier_list_shows_only_visible_quartiers(quartier, viewer, coordinator, outsider, client_for) -> None:
    for user in (viewer, coordinator):
        assert QUARTIER_NAME in _body(client_for(user).get(reverse("quartier_list")))
    assert QUARTIER_NAME not in _body(client_for(outsider).get(reverse("quartier_list")))
