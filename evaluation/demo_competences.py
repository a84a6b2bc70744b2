"""The demo's competence profiles: the Altstadt team's self-assessments and trainings.

Maria Altmann (manager), Erik Entwickler and Sabine Sommer (developers) cover most competences,
but nobody in today's team is sure of „Moderation“ or „Lokale Ressourcen aktivieren“: the team
page shows two gaps. Thomas Winter, whose post ended, was sure of both; his levels no longer
count. Maria plans a moderation training for the gap; Erik completed one; Sabine plans one on
volunteers. Idempotent: nothing is added when the team has assessments already.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from organisation.catalogues import ensure_catalogues
from organisation.models import Competence, CompetenceAssessment, Staffing, StaffMember, Training, TrainingStatus
from quartier.models import User

QUARTIER = "altstadt"
ORDER = (
    "sozialraumanalyse",
    "netzwerkmanagement",
    "teilhabe",
    "oeffentlichkeitsarbeit",
    "projektmanagement",
    "teamarbeit",
    "moderation",
    "fachwissen",
    "ressourcen",
)
# Levels in the order above; None: not assessed yet. Keyed by e-mail (users) or name (no login).
LEVELS: dict[str, tuple[int | None, ...]] = {
    "manager-altstadt@demo.example": (3, 4, 3, 2, 3, 4, 2, 3, 2),
    "entwicklung-altstadt@demo.example": (2, 2, 3, 1, 3, 3, 2, 2, 1),
    "Sabine Sommer": (1, 2, 3, 3, None, 3, 2, 3, 2),
    "Thomas Winter": (2, 3, 3, 2, 2, 3, 4, 2, 3),
}
# (person, title, provider, days from today, hours, status, competence key)
TRAININGS = (
    (
        "manager-altstadt@demo.example",
        "Moderation von Bürgerversammlungen und Quartierskonferenzen",
        "Akademie für Gemeinwesenarbeit",
        45,
        "16",
        TrainingStatus.PLANNED,
        "moderation",
    ),
    (
        "entwicklung-altstadt@demo.example",
        "Sozialraumanalyse mit offenen Daten",
        "Kuratorium Deutsche Altershilfe",
        -120,
        "8",
        TrainingStatus.COMPLETED,
        "sozialraumanalyse",
    ),
    (
        "Sabine Sommer",
        "Freiwillige gewinnen und begleiten",
        "Landesnetzwerk Bürgerschaftliches Engagement",
        90,
        "12",
        TrainingStatus.PLANNED,
        "ressourcen",
    ),
)


def _members(users: dict[str, User]) -> dict[str, StaffMember]:
    """The Altstadt staff by e-mail or name, as the posts made them."""
    members = StaffMember.objects.filter(
        pk__in=Staffing.objects.filter(quartier__slug=QUARTIER).values("member")
    ).select_related("user")
    found: dict[str, StaffMember] = {}
    for member in members:
        found[member.user.email if member.user else member.name] = member
    return {key: member for key, member in found.items() if "@" not in key or key in users}


def seed_competences(*, users: dict[str, User], today: date) -> None:
    """Self-assessments and trainings of the Altstadt team, where it has none yet."""
    ensure_catalogues()
    members = _members(users)
    if not members or CompetenceAssessment.objects.filter(member__in=members.values()).exists():
        return
    competences = {c.key: c for c in Competence.objects.filter(key__in=ORDER)}
    CompetenceAssessment.objects.bulk_create(
        [
            CompetenceAssessment(member=members[person], competence=competences[key], level=level)
            for person, levels in LEVELS.items()
            if person in members
            for key, level in zip(ORDER, levels, strict=True)
            if level is not None and key in competences
        ]
    )
    Training.objects.bulk_create(
        [
            Training(
                member=members[person],
                title=title,
                provider=provider,
                date=today + timedelta(days=days),
                hours=Decimal(hours),
                status=status,
                competence=competences.get(key),
            )
            for person, title, provider, days, hours, status, key in TRAININGS
            if person in members
        ]
    )
