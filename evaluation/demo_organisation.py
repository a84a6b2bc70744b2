"""The demo's staff and the organisation check.

Posts in every demo quartier: Altstadt has its manager (Maria Altmann, half a post paid by the
municipal quartier-management funding), its developer (Erik Entwickler) and a developer without
login, plus a post that ended three months ago; Nordviertel's manager post (Nils Nordmann) ends
in four months and nothing follows it; Am Bahnhof shares Nils Nordmann; Eichenau has a developer
but no manager hours („kein Kümmerer“).

The hours, competences and the organisation check are added by the modules named in `PARTS`,
each idempotent like this one: a part is added only where the quartier (or organisation) has
none of it yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module

from organisation.catalogues import ensure_catalogues
from organisation.models import RoleProfile, Staffing, StaffMember
from planning.funding.models import FundingSource
from quartier.models import Quartier, User


@dataclass(frozen=True)
class DemoPost:
    quartier: str
    person: str  # a demo user's e-mail address, or the name of a person without login
    profile: str  # role profile key
    weekly_hours: str
    start: int  # days from today
    end: int | None  # days from today; None: open-ended
    funding: str = ""  # title of the quartier's funding source that pays for it
    notes: str = ""


POSTS = [
    DemoPost(
        "altstadt", "manager-altstadt@demo.example", "manager", "19.5", -610, None, "Quartiersmanagement Altstadt"
    ),
    DemoPost(
        "altstadt",
        "entwicklung-altstadt@demo.example",
        "entwickler",
        "30",
        -400,
        None,
        "Sozialer Zusammenhalt: barrierearme Wege",
    ),
    DemoPost("altstadt", "Sabine Sommer", "entwickler", "10", -200, None, "Bürgerstiftung Altstadt"),
    DemoPost("altstadt", "Thomas Winter", "entwickler", "15", -540, -90, "", "Elternzeitvertretung, beendet."),
    DemoPost(
        "nordviertel",
        "manager-nord@demo.example",
        "manager",
        "25",
        -420,
        120,
        "Quartiersmanagement Nordviertel",
        "Befristet; eine Verlängerung ist noch nicht beantragt.",
    ),
    DemoPost("am-bahnhof", "manager-nord@demo.example", "manager", "10", -55, None, "Anschub Quartiersbüro Am Bahnhof"),
    DemoPost("eichenau", "Jonas Brandt", "entwickler", "20", -300, None),
]

# Added after the posts, in this order; a module that is not there is left out.
PARTS = (
    ("evaluation.demo_time", "seed_time"),
    ("evaluation.demo_competences", "seed_competences"),
    ("evaluation.demo_checks", "seed_checks"),
)


def _member(quartier: Quartier, person: str, users: dict[str, User]) -> StaffMember:
    user = users.get(person) if "@" in person else None
    if user is not None:
        member, _created = StaffMember.objects.get_or_create(
            organisation_id=quartier.organisation_id, user=user, defaults={"name": user.get_full_name() or user.email}
        )
        return member
    member, _created = StaffMember.objects.get_or_create(
        organisation_id=quartier.organisation_id, user=None, name=person
    )
    return member


def seed_staffing(*, users: dict[str, User], today: date) -> None:
    """Posts for every demo quartier that has none yet."""
    ensure_catalogues()
    profiles = {p.key: p for p in RoleProfile.objects.all()}
    quartiers = {q.slug: q for q in Quartier.objects.filter(slug__in={p.quartier for p in POSTS})}
    staffed = set(Staffing.objects.filter(quartier__in=quartiers.values()).values_list("quartier__slug", flat=True))
    for post in POSTS:
        quartier = quartiers.get(post.quartier)
        if quartier is None or post.quartier in staffed:
            continue
        if "@" in post.person and post.person not in users:
            continue
        funding = FundingSource.objects.filter(quartier=quartier, title=post.funding).first() if post.funding else None
        Staffing.objects.create(
            quartier=quartier,
            member=_member(quartier, post.person, users),
            role_profile=profiles[post.profile],
            weekly_hours=Decimal(post.weekly_hours),
            start=today + timedelta(days=post.start),
            end=None if post.end is None else today + timedelta(days=post.end),
            funding_source=funding,
            notes=post.notes,
        )


def seed_organisation(*, users: dict[str, User], today: date) -> None:
    """Posts, then hours, competences and the organisation check, each where it is missing."""
    seed_staffing(users=users, today=today)
    for module, function in PARTS:
        try:
            seed = getattr(import_module(module), function)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise
            continue
        seed(users=users, today=today)
