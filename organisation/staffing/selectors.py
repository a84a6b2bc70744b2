"""Reads of a quartier's posts: the posts by state (running, starting later, ended), the people
a post can be given to, the figures and their warnings in words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from quartier.access import Action, can
from quartier.models import Membership, Quartier, User
from quartier.templatetags.quartier_format import decimal

from ..figures import StaffingFigures, staffing_figures
from ..models import RoleProfile, Staffing, StaffMember
from .services import STAFF_ROLES


@dataclass
class QuartierPosts:
    running: list[Staffing] = field(default_factory=list)
    later: list[Staffing] = field(default_factory=list)  # start after today
    ended: list[Staffing] = field(default_factory=list)  # the latest end first

    @property
    def is_empty(self) -> bool:
        return not (self.running or self.later or self.ended)


def quartier_posts(*, quartier: Quartier, today: datetime.date) -> QuartierPosts:
    """Every post of the quartier with its person, profile and funding source. One query."""
    posts = (
        Staffing.objects.filter(quartier=quartier)
        .select_related("member", "role_profile", "funding_source")
        .order_by("role_profile__position", "start", "member__name", "pk")
    )
    result = QuartierPosts()
    for post in posts:
        if post.end is not None and post.end < today:
            result.ended.append(post)
        elif post.start > today:
            result.later.append(post)
        else:
            result.running.append(post)
    result.later.sort(key=lambda p: (p.start, p.pk))
    result.ended.sort(key=lambda p: (p.end, p.pk), reverse=True)
    return result


def role_profiles() -> list[RoleProfile]:
    return list(RoleProfile.objects.order_by("position", "key"))


@dataclass(frozen=True)
class PersonChoices:
    in_quartier: list[StaffMember]  # have or had a post in the quartier
    in_organisation: list[StaffMember]  # other staff of the quartier's organisation
    team_users: list[User]  # team members of the quartier without a staff record yet


def person_choices(*, quartier: Quartier) -> PersonChoices:
    """Whom a post of the quartier can be given to. Two queries."""
    members = (
        StaffMember.objects.filter(organisation_id=quartier.organisation_id)
        .annotate(here=Exists(Staffing.objects.filter(quartier=quartier, member=OuterRef("pk"))))
        .order_by("name", "pk")
    )
    in_quartier, in_organisation = [], []
    for member in members:
        (in_quartier if member.here else in_organisation).append(member)
    with_record = StaffMember.objects.filter(organisation_id=quartier.organisation_id, user=OuterRef("user"))
    memberships = (
        Membership.objects.filter(quartier=quartier, role__in=STAFF_ROLES)
        .exclude(Exists(with_record))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    users = list(dict.fromkeys(m.user for m in memberships))
    return PersonChoices(in_quartier=in_quartier, in_organisation=in_organisation, team_users=users)


def figures_for(*, quartier: Quartier, today: datetime.date) -> StaffingFigures:
    """The quartier's staffing figures (organisation.figures). One query."""
    return staffing_figures(quartier_ids=[quartier.pk], today=today)[quartier.pk]


def warning_texts(figures: StaffingFigures) -> list[str]:
    """The figures' warnings in plain words: no „Kümmerer“, and each post ending without follow-up."""
    texts = []
    if figures.no_manager:
        texts.append(_("No „Kümmerer“: no hours as quartier manager are recorded for this quartier."))
    for post in figures.ending:
        texts.append(
            _("The post of %(name)s (%(role)s) ends on %(date)s – no follow-up post is recorded.")
            % {"name": post.member_name, "role": post.role_title, "date": date_format(post.end, "SHORT_DATE_FORMAT")}
        )
    return texts


@dataclass(frozen=True)
class StaffingBox:
    """What the cockpit and the step page show of the staffing."""

    figures: StaffingFigures
    warnings: list[str]


def staffing_box(*, user: User, quartier: Quartier, today: datetime.date) -> StaffingBox | None:
    """The box for those who may see the staff (None for everyone else). One query."""
    if not can(user, Action.VIEW_STAFF, quartier):
        return None
    figures = figures_for(quartier=quartier, today=today)
    return StaffingBox(figures=figures, warnings=warning_texts(figures))


def post_period(post: Staffing) -> str:
    """„seit 01.03.2025“, „ab 01.01.2027“ (not begun yet) or „01.03.2025 bis 31.12.2026“."""
    start = date_format(post.start, "SHORT_DATE_FORMAT")
    if post.end is not None:
        return _("%(start)s to %(end)s") % {"start": start, "end": date_format(post.end, "SHORT_DATE_FORMAT")}
    if post.start > timezone.localdate():
        return _("from %(start)s") % {"start": start}
    return _("since %(start)s") % {"start": start}


def post_label(post: Staffing) -> str:
    """„Quartiersmanager*in Maria Altmann, 19,5 Std./Woche, seit 01.03.2025“."""
    return _("%(role)s %(name)s, %(hours)s h/week, %(period)s") % {
        "role": post.role_profile.title,
        "name": post.member.name,
        "hours": decimal(post.weekly_hours),
        "period": post_period(post),
    }


def evidence_label(post: Staffing) -> str:
    """How a post is named as checklist evidence: „Stelle als Quartiersmanager*in, seit 01.03.2025“.

    Without the person's name and hours: the label is stored with the evidence and shown on the
    step page and in the progress report, which viewers read too, and it outlives an erasure of
    the person's records."""
    return _("Post as %(role)s, %(period)s") % {"role": post.role_profile.title, "period": post_period(post)}
