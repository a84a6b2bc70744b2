"""Reads of competences: the team's matrix and gaps, one person's profile, and who may see or
change it.

An individual assessment is employee data. It is seen by the person themselves, the quartier's
managers and the organisation's coordinators (and administrators); everyone else sees at most
the team's gaps, which say no more than that nobody in the team is sure of a competence.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from quartier.access import Action, can
from quartier.models import Quartier, User

from ..models import (
    COVERED_LEVEL,
    Competence,
    CompetenceAssessment,
    CompetenceLevel,
    Staffing,
    StaffMember,
    Training,
    TrainingStatus,
)
from ..selectors import quartier_staff


def competences() -> list[Competence]:
    """The catalogue's competences in their order."""
    return list(Competence.objects.order_by("position", "key"))


# --- who may see and change a profile ---------------------------------------------------------


@dataclass(frozen=True)
class ProfileRights:
    see: bool  # the person's levels and trainings
    assess: bool  # change the self-assessment
    trainings: bool  # add, change and delete trainings


NO_RIGHTS = ProfileRights(see=False, assess=False, trainings=False)


def is_self(user: User, member: StaffMember) -> bool:
    return user.is_authenticated and member.user_id is not None and member.user_id == user.pk


def profile_rights(*, user: User, quartier: Quartier, member: StaffMember) -> ProfileRights:
    """What the user may do with the person's profile in this quartier.

    The person sees and changes their own self-assessment and trainings. Managers (who steer the
    quartier's staff) read every profile of the quartier, keep the trainings of everyone and fill
    in the self-assessment of a person without login, e.g. after a talk; a person with a login
    assesses themselves: nobody else puts levels in their name. Coordinators read only.
    """
    if not user.is_authenticated or not user.is_active:
        return NO_RIGHTS
    own = is_self(user, member)
    manages = can(user, Action.EDIT_STAFFING, quartier)
    see = own or can(user, Action.SEE_COMPETENCES, quartier)
    return ProfileRights(
        see=see,
        assess=own or (manages and member.user_id is None),
        trainings=own or manages,
    )


def member_in_quartier(*, quartier: Quartier, member_id: int) -> StaffMember | None:
    """The person if they have (or had) a post in the quartier and belong to its organisation."""
    return (
        StaffMember.objects.filter(
            pk=member_id,
            organisation_id=quartier.organisation_id,
            pk__in=Staffing.objects.filter(quartier=quartier).values("member"),
        )
        .select_related("user")
        .first()
    )


def own_member(*, user: User, quartier: Quartier) -> StaffMember | None:
    """The user's own staff record if they have (or had) a post in the quartier."""
    if not user.is_authenticated:
        return None
    return StaffMember.objects.filter(
        organisation_id=quartier.organisation_id,
        user=user,
        pk__in=Staffing.objects.filter(quartier=quartier).values("member"),
    ).first()


# --- the team: matrix and gaps ----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    competence: Competence
    level: int | None  # None: not assessed

    @property
    def label(self) -> str:
        return CompetenceLevel(self.level).label if self.level else ""

    @property
    def covered(self) -> bool:
        return (self.level or 0) >= COVERED_LEVEL


@dataclass(frozen=True)
class MatrixRow:
    member: StaffMember
    cells: list[Cell]  # in the order of the catalogue

    @property
    def assessed(self) -> int:
        return sum(1 for cell in self.cells if cell.level)


@dataclass(frozen=True)
class Gap:
    competence: Competence
    best: int | None  # the highest level anyone in the team gave themselves (None: nobody)
    trainings: list[Training]  # planned by people of the team, soonest first


@dataclass(frozen=True)
class TeamCompetences:
    competences: list[Competence]
    rows: list[MatrixRow]  # people with a post running today, by name
    best: list[Cell]  # per competence, the team's highest level
    gaps: list[Gap]

    @property
    def covered(self) -> int:
        return len(self.competences) - len(self.gaps)

    @property
    def by_competence(self) -> list[tuple[Competence, list[Cell], Cell]]:
        """The matrix turned: one row per competence with each person's cell and the team's best.
        Nine rows of a few people fit a laptop and a tablet; nine wide columns did not."""
        return [
            (competence, [row.cells[i] for row in self.rows], self.best[i])
            for i, competence in enumerate(self.competences)
        ]


def team_competences(*, quartier: Quartier, today: datetime.date) -> TeamCompetences:
    """The matrix of the people with a post running today and the gaps: competences where nobody
    of them is at least „Sicher“ (3), with the trainings planned for them. Four queries, however
    large the team. People whose post has ended do not count."""
    catalogue = competences()
    members = list(quartier_staff(quartier=quartier, day=today))
    ids = [m.pk for m in members]
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for member_id, competence_id, level in CompetenceAssessment.objects.filter(member_id__in=ids).values_list(
        "member_id", "competence_id", "level"
    ):
        levels[member_id][competence_id] = level

    rows = [MatrixRow(member=m, cells=[Cell(c, levels[m.pk].get(c.pk)) for c in catalogue]) for m in members]
    best = [
        Cell(c, max((levels[m.pk][c.pk] for m in members if c.pk in levels[m.pk]), default=None)) for c in catalogue
    ]
    gap_pairs = [(cell.competence, cell.level) for cell in best if not cell.covered]

    planned: dict[int, list[Training]] = defaultdict(list)
    if gap_pairs:
        for training in (
            Training.objects.filter(
                member_id__in=ids,
                status=TrainingStatus.PLANNED,
                competence_id__in=[c.pk for c, _level in gap_pairs],
            )
            .select_related("member")
            .order_by("date", "pk")
        ):
            planned[training.competence_id].append(training)
    gaps = [Gap(competence=c, best=level, trainings=planned[c.pk]) for c, level in gap_pairs]
    return TeamCompetences(competences=catalogue, rows=rows, best=best, gaps=gaps)


# --- one person -------------------------------------------------------------------------------


def member_levels(*, member: StaffMember) -> list[Cell]:
    """Every competence of the catalogue with the person's level (None: not assessed). Two queries."""
    levels = dict(CompetenceAssessment.objects.filter(member=member).values_list("competence_id", "level"))
    return [Cell(competence=c, level=levels.get(c.pk)) for c in competences()]


def member_trainings(*, member: StaffMember) -> tuple[list[Training], list[Training]]:
    """The person's trainings: planned (soonest first) and completed (latest first). One query."""
    trainings = list(Training.objects.filter(member=member).select_related("competence").order_by("date", "pk"))
    planned = [t for t in trainings if t.status == TrainingStatus.PLANNED]
    completed = [t for t in reversed(trainings) if t.status == TrainingStatus.COMPLETED]
    return planned, completed


def member_posts(*, member: StaffMember, quartier: Quartier) -> QuerySet[Staffing]:
    """The person's posts in the quartier, latest first."""
    return (
        Staffing.objects.filter(member=member, quartier=quartier)
        .select_related("role_profile")
        .order_by("-start", "-pk")
    )


def training_of(*, member: StaffMember, training_id: int) -> Training | None:
    """The training if it is this person's."""
    return Training.objects.filter(pk=training_id, member=member).first()
