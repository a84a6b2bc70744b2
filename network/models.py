"""The network app's models live in modules by topic; this module gathers them for Django."""

from .contributions.models import Contribution, ContributionKind, ContributionQuerySet, ContributionStatus, Unit
from .meetings.models import ActionItem, CalendarFeed, Meeting, MeetingKind
from .partners.models import (
    AGREEMENT_WARNING_DAYS,
    ERASED_CONTACT_NAME,
    Contact,
    MeasurePartner,
    MeasureRole,
    MembershipStatus,
    NetworkMembership,
    NetworkRole,
    Partner,
    PartnerAccount,
    PartnerType,
    domain_field,
)

__all__ = [
    "AGREEMENT_WARNING_DAYS",
    "ERASED_CONTACT_NAME",
    "ActionItem",
    "CalendarFeed",
    "Contact",
    "Contribution",
    "ContributionKind",
    "ContributionQuerySet",
    "ContributionStatus",
    "MeasurePartner",
    "MeasureRole",
    "Meeting",
    "MeetingKind",
    "MembershipStatus",
    "NetworkMembership",
    "NetworkRole",
    "Partner",
    "PartnerAccount",
    "PartnerType",
    "Unit",
    "domain_field",
]
